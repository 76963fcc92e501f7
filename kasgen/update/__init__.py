"""``kasgen update``: new answers into a standard an editor changed in Word.

:mod:`record` is what every build records about itself in the manifest (versions, template,
answers), so an update knows the base of its three-way merge.
"""
