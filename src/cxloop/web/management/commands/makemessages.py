"""`makemessages` that also collects `_l(...)`, the lazy alias the rules app uses."""

from django.core.management.commands import makemessages


class Command(makemessages.Command):
    # xgettext knows `_` and the gettext names but not our `gettext_lazy as _l`;
    # without this, the rule editor's field and action labels never reach the
    # catalogues and stay English in every language.
    xgettext_options = [
        *makemessages.Command.xgettext_options,
        "--keyword=_l",
    ]
