"""cdss: self-hosted clinical decision support.

Importing the package makes the process offline by construction: the hub
libraries read these variables when they are first imported, so they must be
set before anything pulls in transformers, huggingface_hub or tldextract.
Explicit user settings win (setdefault), except the suffix-list URL which
would otherwise hang without a timeout on a closed network.
"""

from __future__ import annotations

import os

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
os.environ.setdefault("HF_DATASETS_OFFLINE", "1")
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
os.environ.setdefault("HF_HUB_DISABLE_PROGRESS_BARS", "1")
os.environ.setdefault("TRANSFORMERS_VERBOSITY", "error")
os.environ.setdefault("TRANSFORMERS_NO_ADVISORY_WARNINGS", "1")
os.environ["TLDEXTRACT_PUBLIC_SUFFIX_LIST_URLS"] = os.environ.get(
    "TLDEXTRACT_PUBLIC_SUFFIX_LIST_URLS", ""
)

__version__ = "0.1.0"
