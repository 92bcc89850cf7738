"""The reply as a document: drafted in wzsci, checked, signed off, exported as an official letter.

- `letter.py` (pure): a reply letter's parts (版头, 文号, title, salutation, body, 联系人, the
  signature and date, 抄送, 印发), read from a reply's printed text or filled from a draft, and
  written back as the plain text the reply parser reads;
- `docx_letter.py` (python-docx, no Django): the letter as a .docx in the official layout;
- `selectors.py`: the letter of a reply or of a draft, the drafts listed, the sign-off's
  candidate commitments and figures;
- `services.py`: every write of a draft (create, save, delete, sign off); `lifecycle.py`: the
  call into the proposal's handling once a reply is signed;
- `forms.py`, `views.py`: the pages under /proposals/drafts/ and the .docx downloads.
"""
