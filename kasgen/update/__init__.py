"""``kasgen update``: new answers into a standard an editor changed in Word.

Stages, one module each, in the order :mod:`command` runs them: :mod:`record` (what every build
records in the manifest), :mod:`plan` (what happens to each unit and why, using :mod:`merge3`),
:mod:`apply` (the plan carried out in a copy of the editor's package), :mod:`furniture` (header,
footer, properties, settings, the manifest part), :mod:`report` (the change report).
"""
