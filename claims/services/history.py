"""Writing only the fields a caller changed, and recording history of the rows as they were saved.

simple-history records a row from the instance in memory when it is saved. A save of a few
fields leaves the others in memory as they were read, perhaps before another writer's change,
so the services save without the history signal and record history from the rows read back.
"""


def save_fields(instance, fields):
    """UPDATE only `fields` (and `updated_at`, when the model has it) of an existing row."""
    names = set(fields)
    if any(field.name == "updated_at" for field in instance._meta.concrete_fields):
        names.add("updated_at")
    instance.skip_history_when_saving = True
    try:
        instance.save(update_fields=sorted(names))
    finally:
        del instance.skip_history_when_saving


def save_new(instance, save=None):
    """INSERT a new row, without the history signal (record_history follows)."""
    instance.skip_history_when_saving = True
    try:
        (save or instance.save)()
    finally:
        del instance.skip_history_when_saving
    return instance


def record_history(model, *, pks=(), instances=(), user=None, created=False):
    """History rows for the given rows: read back by pk, or taken from instances known to be exact."""
    rows = list(instances)
    if pks:
        rows += list(model._default_manager.filter(pk__in=sorted(set(pks))).order_by("pk"))
    if rows:
        model.history.bulk_history_create(rows, update=not created, default_user=user)
    return rows
