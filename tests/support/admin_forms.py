"""The data an admin change form would post back unchanged, to edit one field in a test."""


def form_data(client, url, **changes):
    """GET the admin form at `url` and return its fields' current values, with `changes`."""
    response = client.get(url)
    assert response.status_code == 200, url
    form = response.context["adminform"].form
    data = {}
    for bound in form:
        value = bound.value()
        widget = bound.field.widget
        if hasattr(widget, "widgets"):  # a MultiWidget, such as a split date and time
            parts = value if isinstance(value, list) else widget.decompress(value)
            for index, part in enumerate(parts):
                data[f"{bound.html_name}_{index}"] = "" if part is None else part
        elif isinstance(value, list | tuple):
            data[bound.html_name] = [getattr(item, "pk", item) for item in value]
        elif isinstance(value, bool):
            if value:
                data[bound.html_name] = "on"
        elif value is not None:
            data[bound.html_name] = value
    for formset in response.context.get("inline_admin_formsets", []):
        management = formset.formset.management_form
        for bound in management:
            data[bound.html_name] = bound.value()
    data.update(changes)
    return data
