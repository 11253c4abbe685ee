"""Building blocks shared by the domain's value objects: the pydantic base and the text limits."""

from __future__ import annotations

import re
from typing import Annotated

from pydantic import BaseModel, ConfigDict, StringConstraints

NAME_MAX = 80
REF_MAX = 40
TEXT_MAX = 2000
NOTE_MAX = 500
REF_PATTERN = re.compile(r"^[a-z0-9](?:[a-z0-9-]{0,38}[a-z0-9])?$")

Note = Annotated[str, StringConstraints(strip_whitespace=True, max_length=NOTE_MAX)]


class DomainModel(BaseModel):
    """Unknown fields are refused, every assignment is validated and no number is NaN or infinite
    (a target, threshold, weight, baseline or reading of "nan" would poison every comparison), so
    an object never holds bad data."""

    model_config = ConfigDict(extra="forbid", validate_assignment=True, frozen=False, allow_inf_nan=False)
