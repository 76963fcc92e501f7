"""kasgen writes organisation-specific customer service standards as Word documents.

The library is usable without the CLI: :func:`kasgen.build.build_standard` turns an answers file
into a .docx, :func:`kasgen.answers.load_profile` validates an answers file.
"""

__version__ = "0.1.0"
