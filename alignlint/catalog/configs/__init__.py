"""Step config classes (pydantic), one module per step."""
