"""Intake: what was handed in → one `Submission` per student, nothing executed (`submissions`),
through safe folder and zip listings (`archives`), LMS download names (`lms`) and the
identifiers gradebooks match on (`identity`)."""
