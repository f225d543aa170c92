from adminsortable2.admin import SortableStackedInline

from core.admin import OrderedInlineFormSet
from faq.models import FAQ


class FAQInline(SortableStackedInline):
    model = FAQ
    formset = OrderedInlineFormSet
    fields = ["question", "answer"]
    extra = 0
    verbose_name = "frequently asked question"
    verbose_name_plural = "frequently asked questions"
