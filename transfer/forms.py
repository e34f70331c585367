from django import forms
from django.utils.translation import gettext_lazy as _

from core.access import scope_of
from core.forms import StyledForm
from regions.models import Region
from transfer.files import MAX_BYTES
from transfer.models import Kind, Mode

NOT_A_TABLE = _(
    "This is not an .xlsx, .xls or .csv table, or it is damaged. Save it again from Excel or WPS and retry."
)


NOT_A_TABLE = _(
    "This is not an .xlsx, .xls or .csv table, or it is damaged. Save it again from Excel or WPS and retry."
)


class UploadForm(StyledForm):
    kind = forms.ChoiceField(label=_("What to import"), choices=Kind.choices)
    region = forms.ModelChoiceField(label=_("Into the area"), queryset=Region.objects.none())
    file = forms.FileField(
        label=_("File"),
        help_text=_("An .xlsx, .xls or .csv table (UTF-8 or GB18030), at most 20 MB, with the template's headers."),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.xls,.csv"}),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        scope = scope_of(user)
        areas = Region.objects.all() if scope.everything else Region.objects.filter(path__in=scope.staff_paths)
        self.fields["region"].queryset = areas
        if areas.count() == 1:
            self.fields["region"].initial = areas.first()

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_BYTES:
            raise forms.ValidationError(
                _("The file is larger than %(limit_mb)s MB. Split it into several files and import each.")
                % {"limit_mb": MAX_BYTES // (1024 * 1024)}
            )
        if not upload.name.lower().endswith((".xlsx", ".xls", ".csv")):
            raise forms.ValidationError(NOT_A_TABLE)
        return upload


class CommitForm(StyledForm):
    mode = forms.ChoiceField(
        label=_("Import"), choices=Mode.choices, widget=forms.RadioSelect, initial=Mode.ALL_OR_NOTHING
    )
