"""The sections of the Marketing & creative page. Every figure comes from the shipped results or from a
fast computation; the generator (and so torch) is loaded only when someone asks for a picture that was not
drawn in advance."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pandas as pd
import streamlit as st

from dashboard.ecommerce.shipped import shipped_copy_for
from dashboard.glossary import help_text
from dashboard.i18n import current_language, money, number, percent, t
from dashboard.marketing import analytics, campaign, charts, creatives, shipped, studio
from dashboard.marketing.labels import (attribute_label, category_label, channel_label, colour_label,
                                        creative_label, pattern_label, policy_label, product_label, segment_label)
from dashboard.session import session_database
from dashboard.tables import show_table
from sample_data.product_images import ATTRIBUTES, catalogue_images


# --------------------------------------------------------------------------------------------- headline
def signed_percent(share: float, decimals: int = 0) -> str:
    """A change as a signed percentage ("+12%", "-3.5%")."""
    return ("+" if share >= 0 else "-") + percent(abs(share), decimals)


def headline_sentence(results: dict) -> str:
    """The page's one-line takeaway from the shipped figures, where the method falls short included."""
    accuracy = results["scores"]["generated"]["accuracy"]
    real = results["scores"]["real"]["accuracy"]
    summary = results["campaign"]
    weakest = min(accuracy, key=accuracy.get)
    values = {"gained": signed_percent(summary["clicks_gained"]),
              "won": round(summary["bandit_win_share"] * summary["n_campaigns"]), "campaigns": summary["n_campaigns"],
              "category": percent(accuracy["category"], 0), "colour": percent(accuracy["colour"], 0),
              "pattern": percent(accuracy["pattern"], 0), "real": percent(min(real.values()), 0)}
    if min(accuracy.values()) >= 0.9:
        return t("marketing.headline.good", **values)
    return t("marketing.headline.drafts", weakest=attribute_label(weakest),
             minutes=number(results["generator"]["training_seconds"] / 60, 0), **values)


# -------------------------------------------------------------------------------------------- analytics
def analytics_panel() -> None:
    """Revenue and conversion by channel, and what each segment buys (DuckDB on the shipped store)."""
    db = session_database()
    figures = analytics.channel_figures(db)
    channels = figures["channels"]
    baseline = analytics.store_conversion(channels)
    best = analytics.best_channel(channels)
    shares = analytics.segment_category_shares(db, current_language())
    shares = shares.assign(category=shares["category"].map(category_label))
    favourites = analytics.segment_favourites(shares)
    cols = st.columns(4)
    cols[0].metric(t("marketing.metric.store_conversion"), percent(baseline, 2), help=help_text("Conversion"))
    cols[1].metric(t("marketing.metric.best_channel", channel=channel_label(best["channel"])),
                   percent(best["conversion"], 2),
                   delta=t("marketing.metric.best_channel.delta",
                           points=("+" if best["conversion"] >= baseline else "-")
                           + number(abs(best["conversion"] - baseline) * 100, 2)),
                   help=t("marketing.metric.best_channel.help"))
    top_revenue = channels.iloc[0]
    cols[2].metric(t("marketing.metric.most_revenue", channel=channel_label(top_revenue["channel"])),
                   money(round(top_revenue["revenue"])).split(".")[0],
                   help=t("marketing.metric.most_revenue.help"))
    biggest = favourites.sort_values("share", ascending=False).iloc[0]
    cols[3].metric(t("marketing.metric.taste"),
                   t("marketing.metric.taste.value", category=biggest["category"],
                     share=percent(biggest["share"], 0)),
                   help=t("marketing.metric.taste.help", segment=biggest["segment"]))
    shown = channels.assign(channel=channels["channel"].map(channel_label))
    with st.expander(t("marketing.analytics.expander"), icon=":material/query_stats:"):
        left, right = st.columns(2)
        left.markdown(t("marketing.analytics.conversion_title"))
        left.altair_chart(charts.channel_chart(shown, baseline), width="stretch")
        right.markdown(t("marketing.analytics.revenue_title"))
        right.altair_chart(charts.revenue_chart(shown), width="stretch")
        st.markdown(t("marketing.analytics.segments_title"))
        st.altair_chart(charts.segment_category_chart(shares), width="stretch")
        st.caption(t("marketing.analytics.caption"))


# ----------------------------------------------------------------------------------------- design studio
@st.cache_data(max_entries=64, show_spinner=False)
def _designs(category: str, colour: str, pattern: str, seed: int) -> np.ndarray:
    choice = {"category": category, "colour": colour, "pattern": pattern}
    return studio.generate_designs(shipped.product_generator(), choice, seed)


def score_table(results: dict) -> pd.DataFrame:
    """Generated against real renders, in words."""
    generated, real = results["scores"]["generated"], results["scores"]["real"]
    rows = [(t("marketing.score.read_as_asked", attribute=attribute_label(name)),
             percent(generated["accuracy"][name]), percent(real["accuracy"][name])) for name in ATTRIBUTES]
    rows.append((t("marketing.score.frechet"), number(generated["frechet_distance"], 0),
                 number(real["frechet_distance"], 0)))
    rows.append((t("marketing.score.near_copies"), percent(generated["near_copy_share"]),
                 percent(real["near_copy_share"])))
    return pd.DataFrame(rows, columns=[t("marketing.score.col.score"), t("marketing.score.col.generated"),
                                       t("marketing.score.col.real")])


def design_studio(results: dict) -> None:
    cols = st.columns([1, 1, 1, 1])
    category = cols[0].selectbox(t("marketing.studio.category"), ATTRIBUTES["category"],
                                 index=ATTRIBUTES["category"].index(studio.DEFAULT_DESIGN["category"]),
                                 format_func=category_label, key="mk_category")
    colour = cols[1].selectbox(t("marketing.studio.colour"), ATTRIBUTES["colour"],
                               index=ATTRIBUTES["colour"].index(studio.DEFAULT_DESIGN["colour"]),
                               format_func=colour_label, key="mk_colour")
    pattern = cols[2].selectbox(t("marketing.studio.pattern"), ATTRIBUTES["pattern"],
                                index=ATTRIBUTES["pattern"].index(studio.DEFAULT_DESIGN["pattern"]),
                                format_func=pattern_label, key="mk_pattern")
    seed = int(cols[3].number_input(t("marketing.studio.seed"), 0, 10_000, studio.DEFAULT_SEED, key="mk_seed",
                                    help=t("marketing.studio.seed.help")))
    choice = {"category": category, "colour": colour, "pattern": pattern}
    if choice == studio.DEFAULT_DESIGN and seed == studio.DEFAULT_SEED:
        pictures = shipped.shipped_pictures()[studio.STUDIO_KEY]
    else:
        with st.spinner(t("marketing.studio.spinner", count=studio.DESIGN_COUNT)):
            pictures = _designs(category, colour, pattern, seed)
    left, right = st.columns([1, 1])
    left.image(studio.mosaic(pictures), caption=t("marketing.studio.mosaic_caption", count=studio.DESIGN_COUNT,
                                                  design=studio.design_caption(choice), seed=seed), width="content")
    right.markdown(t("marketing.studio.scores_title"))
    with right:
        show_table(score_table(results))
    generator = results["generator"]
    right.caption(t("marketing.studio.scores_caption",
                    steps=int(generator["training_steps"]),
                    minutes=number(generator["training_seconds"] / 60, 1),
                    pictures=int(generator["training_pictures"])))
    with st.expander(t("marketing.studio.why.title"), icon=":material/help:"):
        st.markdown(t("marketing.studio.why.body"))


# ------------------------------------------------------------------------------------------ restyling
@st.cache_data(max_entries=64, show_spinner=False)
def _restyled(product_id: int, colour: str, pattern: str) -> np.ndarray:
    catalogue = catalogue_images()
    row = int(np.flatnonzero(catalogue.attributes["product_id"].to_numpy() == product_id)[0])
    own = catalogue.attributes.loc[row, list(ATTRIBUTES)].to_dict()
    return studio.restyle_product(shipped.product_generator(), catalogue.images[row], own,
                                  {**own, "colour": colour, "pattern": pattern})


def restyle_section(results: dict, catalogue_table: pd.DataFrame) -> None:
    pictures = catalogue_images()
    looks = pictures.attributes.merge(catalogue_table[["product_id", "name"]], on="product_id")
    labels = {int(r.product_id): t("marketing.restyle.product_option", name=product_label(r.name),
                                   colour=colour_label(r.colour), pattern=pattern_label(r.pattern))
              for r in looks.itertuples()}
    ids = list(labels)
    cols = st.columns([2, 1, 1])
    product_id = cols[0].selectbox(t("marketing.restyle.product"), ids, index=ids.index(studio.DEFAULT_RESTYLE_PRODUCT),
                                   format_func=labels.get, key="mk_restyle_product")
    row = int(np.flatnonzero(looks["product_id"].to_numpy() == product_id)[0])
    own = looks.loc[row, list(ATTRIBUTES)].to_dict()
    default_colour = studio.DEFAULT_RESTYLE["colour"] if product_id == studio.DEFAULT_RESTYLE_PRODUCT else own["colour"]
    colour = cols[1].selectbox(t("marketing.restyle.new_colour"), ATTRIBUTES["colour"],
                               index=ATTRIBUTES["colour"].index(default_colour), format_func=colour_label, key=f"mk_restyle_colour_{product_id}")
    pattern = cols[2].selectbox(t("marketing.restyle.new_pattern"), ATTRIBUTES["pattern"],
                                index=ATTRIBUTES["pattern"].index(own["pattern"]), format_func=pattern_label, key=f"mk_restyle_pattern_{product_id}")
    key = studio.restyle_key(product_id, colour, pattern)
    stored = shipped.shipped_pictures()
    if key in stored:
        restyled = stored[key][0]
    else:
        with st.spinner(t("marketing.restyle.spinner")):
            restyled = _restyled(product_id, colour, pattern)
    left, middle, right = st.columns([1, 1, 2])
    left.image(studio.mosaic(pictures.images[row][None], columns=1, scale=4),
               caption=t("marketing.restyle.original", colour=colour_label(own["colour"]),
                         pattern=pattern_label(own["pattern"])))
    middle.image(studio.mosaic(restyled[None], columns=1, scale=4),
                 caption=t("marketing.restyle.restyled", colour=colour_label(colour), pattern=pattern_label(pattern)))
    right.markdown(t("marketing.restyle.scores_title"))
    with right:
        show_table(restyle_table(results))
    right.caption(t("marketing.restyle.caption"), help=help_text("Latent space"))


def restyle_table(results: dict) -> pd.DataFrame:
    """Restyling scores in words: the new value read, the category (shape) and the other attribute kept."""
    rows = []
    for attribute, other in (("colour", "pattern"), ("pattern", "colour")):
        scores = results["scores"]["restyle"][attribute]
        rows.append((t(f"marketing.restyle.change.{attribute}"), percent(scores["new_value_read"]),
                     percent(scores["category_kept"]),
                     t("marketing.restyle.other_kept", share=percent(scores["other_kept"]),
                       attribute=attribute_label(other))))
    return pd.DataFrame(rows, columns=[t("marketing.restyle.col.change"), t("marketing.restyle.col.new_value"),
                                       t("marketing.restyle.col.category_kept"),
                                       t("marketing.restyle.col.other_kept")])


# -------------------------------------------------------------------------------------- ad creatives
def creative_list(product_ids: list[int], catalogue_table: pd.DataFrame, language: str = "en"
                  ) -> list[creatives.Creative]:
    stored = shipped.shipped_pictures()
    pictures = {(p, v): stored[studio.CREATIVE_KEY.format(product_id=p, variant=v)][0]
                for p in product_ids for v in range(1, creatives.VARIANTS_PER_PRODUCT + 1)}
    return creatives.segment_creatives(pd.DataFrame({"product_id": product_ids}), catalogue_table,
                                       shipped_copy_for(language),
                                       catalogue_images().attributes, pictures)


def creatives_section(results: dict, catalogue_table: pd.DataFrame) -> None:
    plan = results["segments"]
    language = current_language()
    segment = st.selectbox(t("marketing.creatives.segment"), list(plan), format_func=segment_label, key="mk_segment",
                           help=t("marketing.creatives.segment.help", rfm=help_text("RFM")))
    product_ids = plan[segment]
    top = catalogue_table.set_index("product_id").loc[product_ids, ["name", "category", "colour", "price"]]
    top = top.assign(name=top["name"].map(product_label), category=top["category"].map(category_label),
                     colour=top["colour"].map(colour_label)).reset_index()
    st.markdown(t("marketing.creatives.intro", count=len(product_ids), segment=segment_label(segment)))
    show_table(top, {"product_id": st.column_config.NumberColumn(t("marketing.creatives.col.product_id")),
                     "name": st.column_config.TextColumn(t("marketing.creatives.col.name")),
                     "category": st.column_config.TextColumn(t("marketing.creatives.col.category")),
                     "colour": st.column_config.TextColumn(t("marketing.creatives.col.colour")),
                     "price": st.column_config.NumberColumn(t("marketing.creatives.col.price"), format="$%.2f")})
    state_key = f"mk_banners_{segment}_{language}"
    if st.button(t("marketing.creatives.make"), key="mk_make_banners", icon=":material/palette:"):
        with st.spinner(t("marketing.creatives.spinner")):
            version = shipped.generator_version()
            st.session_state[state_key] = [
                creatives.make_banner(replace(c, display_name=product_label(c.name)), segment, version,
                                      language=language)
                for c in creative_list(product_ids, catalogue_table, language)]
    banners = st.session_state.get(state_key)
    if not banners:
        st.caption(t("marketing.creatives.before"))
        return
    st.download_button(t("marketing.creatives.zip"), creatives.banners_zip(banners),
                       file_name=f"banners_{segment[:24].replace(' ', '_').replace(',', '')}.zip",
                       mime="application/zip", icon=":material/folder_zip:", key="mk_zip")
    columns = st.columns(2)
    for index, banner in enumerate(banners):
        with columns[index % 2]:
            checks = ("marketing.creatives.checks.faithful" if banner.record["headline_checks"] == creatives.CHECKS_OK
                      else "marketing.creatives.checks.missing")
            st.image(banner.png, caption=t("marketing.creatives.banner_caption", checks=t(checks),
                                           file=banner.file_name))
            st.download_button(t("marketing.creatives.png"), banner.png, file_name=banner.file_name,
                               mime="image/png", key=f"mk_png_{index}", icon=":material/download:")
            with st.popover(t("marketing.creatives.record")):
                st.json(banner.record)


def provenance_check(results: dict) -> None:
    rates = results["watermark"]
    st.markdown(t("marketing.provenance.intro", banners=int(rates["n_banners"]),
                  png=percent(rates["detected_png"], 0),
                  resized=percent(min(rates["detected_resized_90"], rates["detected_resized_110"]), 0),
                  clean=int(rates["n_clean"]), false_alarms=percent(rates["false_alarm_share"])),
                help=help_text("Watermark"))
    upload = st.file_uploader(t("marketing.provenance.upload"), key="mk_check_upload",
                              max_upload_size=creatives.MAX_UPLOAD_BYTES // (1024 * 1024))
    if upload is None:
        return
    show_image_verdict(upload.getvalue())


def show_image_verdict(data: bytes) -> None:
    """Whether an uploaded picture carries the lab's invisible watermark, with its score (this page and the
    Trust & governance page's image check)."""
    result = creatives.check_upload(data)
    values = {"score": number(result.score, 1), "threshold": number(result.threshold, 0)}
    if result.found:
        st.success(t("marketing.provenance.found", **values), icon=":material/verified:")
    else:
        st.info(t("marketing.provenance.not_found", **values), icon=":material/search_off:")


# ------------------------------------------------------------------------------------------- campaign
@st.cache_data(max_entries=2, show_spinner=False)
def _campaign(pool: tuple[int, ...], mix: tuple[float, ...], _catalogue_table: pd.DataFrame, language: str = "en"
              ) -> dict:
    pool_creatives = creative_list(list(pool), _catalogue_table)
    labels = [creative_label(c.name, c.variant) for c in pool_creatives]
    rates, runs = campaign.campaign_runs(creatives.creative_features(pool_creatives), np.array(mix))
    return {"labels": labels, "rates": rates, "runs": runs}


def campaign_section(results: dict, catalogue_table: pd.DataFrame) -> None:
    plan = results["segments"]
    pool = tuple(campaign.pool_products(plan))
    simulated = _campaign(pool, tuple(results["traffic_mix"]), catalogue_table, current_language())
    runs, labels, rates = simulated["runs"], simulated["labels"], simulated["rates"]
    even, bandit = runs["even split"], runs["Thompson sampling"]
    st.markdown(t("marketing.campaign.intro", creatives=len(labels), rounds=campaign.ROUNDS,
                  impressions=campaign.PER_ROUND))
    cols = st.columns(4)
    cols[0].metric(t("marketing.campaign.clicks_even"), number(even.total_clicks), help=help_text("A/B/n test"))
    cols[1].metric(t("marketing.campaign.clicks_bandit"), number(bandit.total_clicks),
                   delta=t("marketing.campaign.vs_even",
                           change=signed_percent(bandit.total_clicks / max(even.total_clicks, 1) - 1, 1)),
                   help=help_text("Thompson sampling"))
    cols[2].metric(t("marketing.campaign.regret_even"), number(even.regret, 0), help=help_text("Regret"))
    cols[3].metric(t("marketing.campaign.regret_bandit"), number(bandit.regret, 0),
                   delta=t("marketing.campaign.vs_even", change=("+" if bandit.regret >= even.regret else "-")
                           + number(abs(bandit.regret - even.regret), 0)), delta_color="inverse",
                   help=help_text("Regret"))
    left, right = st.columns(2)
    left.markdown(t("marketing.campaign.clicks_title"))
    clicks = campaign.cumulative_clicks(runs)
    left.altair_chart(charts.cumulative_clicks_chart(clicks.assign(policy=clicks["policy"].map(policy_label))),
                      width="stretch")
    right.markdown(t("marketing.campaign.traffic_title"))
    right.altair_chart(charts.traffic_share_chart(campaign.traffic_shares(bandit, labels)), width="stretch")
    st.markdown(t("marketing.campaign.winners_title"))
    table = campaign.winners(rates, bandit, list(plan), labels)
    table["segment"] = table["segment"].map(segment_label)
    table[["best_click_rate", "even_split_click_rate"]] *= 100
    show_table(table, {
        "segment": st.column_config.TextColumn(t("marketing.campaign.col.segment")),
        "best_creative": st.column_config.TextColumn(t("marketing.campaign.col.best")),
        "best_click_rate": st.column_config.NumberColumn(t("marketing.campaign.col.best_rate"), format="%.2f%%"),
        "bandit_favourite": st.column_config.TextColumn(t("marketing.campaign.col.pick")),
        "bandit_share": st.column_config.ProgressColumn(t("marketing.campaign.col.pick_share"), format="percent",
                                                        min_value=0, max_value=1),
        "even_split_click_rate": st.column_config.NumberColumn(t("marketing.campaign.col.even_rate"),
                                                               format="%.2f%%")})
    summary = results["campaign"]
    st.markdown(t("marketing.campaign.summary", campaigns=int(summary["n_campaigns"]),
                  won=percent(summary["bandit_win_share"], 0), gained=signed_percent(summary["clicks_gained"], 1),
                  bandit_regret=number(summary["bandit_regret_mean"], 0),
                  even_regret=number(summary["even_regret_mean"], 0)))
    st.info(t("marketing.campaign.takeaway"), icon=":material/lightbulb:")


def catalogue_table(db) -> pd.DataFrame:
    """The shipped catalogue (the E-commerce page's cached query)."""
    from dashboard.ecommerce.page_data import catalogue

    return catalogue(db)
