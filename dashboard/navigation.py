"""The pages of the lab, named and grouped for the sidebar and the home page. A page appears only when its
script exists, so the sidebar never links to a page that is not there."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

APP_ROOT = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class PageEntry:
    """One page: its script (relative to the app root), how it is named, and one line on what it is for."""

    script: str
    label: str
    icon: str
    group: str
    summary: str

    @property
    def url_path(self) -> str:
        """The page's address below the app's root, as Streamlit serves it: "" for the home page, otherwise the
        script's name without its order number ("pages/3_E-commerce.py" -> "E-commerce")."""
        if self.script == "streamlit_app.py":
            return ""
        return Path(self.script).stem.split("_", 1)[1]


PAGES: tuple[PageEntry, ...] = (
    PageEntry("streamlit_app.py", "Home", ":material/home:", "Overview",
              "What the lab shows, with headline figures from the sample data."),
    PageEntry("pages/1_Data_Explorer.py", "Data Explorer", ":material/table_view:", "For analysts",
              "Open a shipped dataset or upload your own CSV/Parquet, profile every column and query it with SQL."),
    PageEntry("pages/2_Synthetic_Data_Studio.py", "Synthetic Data Studio", ":material/science:", "For analysts",
              "Train GAN, VAE and copula generators on a table, compare them, and download synthetic rows."),
    PageEntry("pages/0_How_generative_AI_works.py", "How generative AI works", ":material/auto_awesome:",
              "Learn the basics",
              "Watch a GAN, a VAE and a diffusion model learn shapes and real handwritten digits, and where each "
              "fails."),
    PageEntry("pages/3_E-commerce.py", "E-commerce", ":material/shopping_cart:", "Industry demos",
              "Generative recommendations, generated product copy and store analytics."),
    PageEntry("pages/4_Retail_Banking_Risk.py", "Retail banking risk", ":material/account_balance:", "Industry demos",
              "Generative oversampling for fraud, autoencoder risk warnings, product suggestions and a FAQ assistant."),
    PageEntry("pages/5_Education.py", "Education", ":material/school:", "Industry demos",
              "Knowledge tracing, mastery maps, next-exercise and learning-plan generation."),
    PageEntry("pages/6_Marketing_and_creative.py", "Marketing & creative", ":material/campaign:", "Industry demos",
              "Generated product pictures, restyling, ad banners per segment with provenance, and a campaign "
              "that learns which creative works."),
    PageEntry("pages/7_Trust_and_governance.py", "Trust & governance", ":material/verified_user:", "Governance",
              "Model cards, SHAP explanations, fairness with fairlearn, differentially private synthesis, "
              "watermarks and compute costs, with a transparency report to download."),
)


def page_label(page: PageEntry) -> str:
    """The page's name in the reader's language (catalogue key ``nav.<url_path or Home>.label``); its English
    label while a new page has no catalogue entry yet."""
    from dashboard.i18n import has_key, t  # noqa: PLC0415 - navigation stays importable without streamlit

    key = f"nav.{page.url_path or 'Home'}.label"
    return t(key) if has_key(key) else page.label


def page_summary(page: PageEntry) -> str:
    """The page's one-line summary in the reader's language (``nav.<url_path or Home>.summary``)."""
    from dashboard.i18n import has_key, t  # noqa: PLC0415

    key = f"nav.{page.url_path or 'Home'}.summary"
    return t(key) if has_key(key) else page.summary


def group_label(group: str) -> str:
    """A sidebar group's name in the reader's language (``nav.group.<group>``)."""
    from dashboard.i18n import has_key, t  # noqa: PLC0415

    key = f"nav.group.{group}"
    return t(key) if has_key(key) else group


def available_pages() -> list[PageEntry]:
    """The pages whose scripts exist, in sidebar order."""
    return [page for page in PAGES if (APP_ROOT / page.script).exists()]
