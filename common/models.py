from django.core.exceptions import ValidationError
from django.db import models

from .text import has_visible_text, sanitize


class ValidatedModel(models.Model):
    """full_clean() that cleans text first and runs no queries of its own.

    - Every text field is sanitized (common.text) before it is validated, so a statement of
      only control or zero-width characters is refused as blank, not stored.
    - Every check constraint of these models is also a field's choices or blank rule, or a rule
      of clean(), whose messages name the field; the constraints stay in the database as the last
      line rather than cost a query each per save.
    - A related object already attached to the instance came from the database (a form or the
      API looked it up); Django would look each one up again to see that it exists.
    """

    class Meta:
        abstract = True

    def clean_fields(self, exclude=None):
        exclude = set(exclude or ())
        errors = {}
        for field in self._meta.concrete_fields:
            if field.name in exclude or not isinstance(field, models.CharField | models.TextField):
                continue
            value = sanitize(getattr(self, field.attname), multiline=isinstance(field, models.TextField))
            setattr(self, field.attname, value)
            if value and not field.blank and not has_visible_text(value):
                errors[field.name] = ["This has no visible text."]
        loaded = {
            field.name
            for field in self._meta.concrete_fields
            if field.is_relation and field.is_cached(self) and getattr(self, field.name) is not None
        }
        try:
            super().clean_fields(exclude=exclude | loaded | set(errors))
        except ValidationError as error:
            errors.update(error.message_dict)
        if errors:
            raise ValidationError(errors)

    def validate_constraints(self, exclude=None):
        return None
