"""WordML read back from files editors saved, and the revisions kasgen writes into them.

``kasgen.docx_writer`` writes new documents; this package knows what comes back: the units
kasgen anchored in a file (:mod:`anchors`), the manifest that records what was built
(:mod:`manifest`), the accepted view of an edited body (:mod:`reader`), tracked changes and
comments (:mod:`revisions`, :mod:`comments`), and a package of parts that can be changed and
zipped again without touching what it does not change (:mod:`package`).
"""
