"""The sections of the Marketing & creative page. Every figure comes from the shipped results or from a
fast computation; the generator (and so torch) is loaded only when someone asks for a picture that was not
drawn in advance."""

from __future__ import annotations

import numpy as np
import pandas as pd
import streamlit as st

from dashboard.ecommerce.shipped import shipped_copy
from dashboard.glossary import help_text
from dashboard.marketing import analytics, campaign, charts, creatives, shipped, studio
from dashboard.session import session_database
from dashboard.tables import show_table
from sample_data.product_images import ATTRIBUTES, catalogue_images


# --------------------------------------------------------------------------------------------- headline
def headline_sentence(results: dict) -> str:
    """The page's one-line takeaway from the shipped figures, where the method falls short included."""
    accuracy = results["scores"]["generated"]["accuracy"]
    real = results["scores"]["real"]["accuracy"]
    summary = results["campaign"]
    weakest = min(accuracy, key=accuracy.get)
    pictures = (f"Generated product pictures are read as the asked {', '.join(accuracy)} in "
                f"{', '.join(f'{value:.0%}' for value in accuracy.values())} of cases (real renders: "
                f"{min(real.values()):.0%} or more)")
    verdict = ("good enough to brief a designer" if min(accuracy.values()) >= 0.9 else
               f"drafts, not finished designs: the {weakest} is the weak point after "
               f"{results['generator']['training_seconds'] / 60:.0f} minutes of CPU training")
    return (f"A campaign that learns which creative works (Thompson sampling) got "
            f"{summary['clicks_gained']:+.0%} clicks over an even A/B/n split and won "
            f"{summary['bandit_win_share'] * summary['n_campaigns']:.0f} of {summary['n_campaigns']} simulated "
            f"campaigns. {pictures}: {verdict}.")


# -------------------------------------------------------------------------------------------- analytics
def analytics_panel() -> None:
    """Revenue and conversion by channel, and what each segment buys (DuckDB on the shipped store)."""
    db = session_database()
    figures = analytics.channel_figures(db)
    channels = figures["channels"]
    baseline = analytics.store_conversion(channels)
    best = analytics.best_channel(channels)
    shares = analytics.segment_category_shares(db)
    favourites = analytics.segment_favourites(shares)
    cols = st.columns(4)
    cols[0].metric("Store conversion", f"{baseline:.2%}", help=help_text("Conversion"))
    cols[1].metric(f"Best channel: {best['channel']}", f"{best['conversion']:.2%}",
                   delta=f"{(best['conversion'] - baseline) * 100:+.2f} points vs store average",
                   help="Orders per session of customers who first came through this channel, against the "
                        "whole store's orders per session (the baseline).")
    top_revenue = channels.iloc[0]
    cols[2].metric(f"Most revenue: {top_revenue['channel']}", f"${top_revenue['revenue']:,.0f}",
                   help="Order values over the 18 months, by the channel that brought the customer.")
    biggest = favourites.sort_values("share", ascending=False).iloc[0]
    cols[3].metric("Strongest segment taste", f"{biggest['category']} {biggest['share']:.0%}",
                   help=f"Share of spend of the segment '{biggest['segment']}' that goes to its top category.")
    with st.expander("Revenue and conversion by channel, and what each segment buys", icon=":material/query_stats:"):
        left, right = st.columns(2)
        left.markdown("**Conversion by first channel** (dashed: store average)")
        left.altair_chart(charts.channel_chart(channels, baseline), width="stretch")
        right.markdown("**Revenue by first channel**")
        right.altair_chart(charts.revenue_chart(channels), width="stretch")
        st.markdown("**What each segment buys** (share of its spend per category; RFM segments of the "
                    "E-commerce page)")
        st.altair_chart(charts.segment_category_chart(shares), width="stretch")
        st.caption("The store's log records how each customer first came (their channel), not which ad they "
                   "saw: channels stand in for campaigns here.")


# ----------------------------------------------------------------------------------------- design studio
@st.cache_data(max_entries=64, show_spinner=False)
def _designs(category: str, colour: str, pattern: str, seed: int) -> np.ndarray:
    choice = {"category": category, "colour": colour, "pattern": pattern}
    return studio.generate_designs(shipped.product_generator(), choice, seed)


def score_table(results: dict) -> pd.DataFrame:
    """Generated against real renders, in words."""
    generated, real = results["scores"]["generated"], results["scores"]["real"]
    rows = [(f"{name} read as asked", f"{generated['accuracy'][name]:.1%}", f"{real['accuracy'][name]:.1%}")
            for name in ATTRIBUTES]
    rows.append(("Fréchet distance", f"{generated['frechet_distance']:,.0f}", f"{real['frechet_distance']:,.0f}"))
    rows.append(("near-copies", f"{generated['near_copy_share']:.1%}", f"{real['near_copy_share']:.1%}"))
    return pd.DataFrame(rows, columns=["score", "generated", "real"])


def design_studio(results: dict) -> None:
    cols = st.columns([1, 1, 1, 1])
    category = cols[0].selectbox("Category", ATTRIBUTES["category"],
                                 index=ATTRIBUTES["category"].index(studio.DEFAULT_DESIGN["category"]),
                                 key="mk_category")
    colour = cols[1].selectbox("Colour", ATTRIBUTES["colour"],
                               index=ATTRIBUTES["colour"].index(studio.DEFAULT_DESIGN["colour"]), key="mk_colour")
    pattern = cols[2].selectbox("Pattern", ATTRIBUTES["pattern"],
                                index=ATTRIBUTES["pattern"].index(studio.DEFAULT_DESIGN["pattern"]),
                                key="mk_pattern")
    seed = int(cols[3].number_input("Seed", 0, 10_000, studio.DEFAULT_SEED, key="mk_seed",
                                    help="The same seed gives the same designs; change it for new ones."))
    choice = {"category": category, "colour": colour, "pattern": pattern}
    if choice == studio.DEFAULT_DESIGN and seed == studio.DEFAULT_SEED:
        pictures = shipped.shipped_pictures()[studio.STUDIO_KEY]
    else:
        with st.spinner("Drawing 16 designs ..."):
            pictures = _designs(category, colour, pattern, seed)
    left, right = st.columns([1, 1])
    left.image(studio.mosaic(pictures), caption=f"16 new designs: {studio.design_caption(choice)}; seed {seed}. "
               "Generated by a model trained on simulated renders.", width="content")
    right.markdown("**How well the generator follows the brief** (2,000 generated pictures, scored by an "
                   "independent classifier trained on other renders)")
    with right:
        show_table(score_table(results))
    generator = results["generator"]
    right.caption(f"{generator['engine']}: {generator['training_steps']:,} training steps in "
                  f"{generator['training_seconds'] / 60:.1f} minutes on one CPU thread, "
                  f"{generator['training_pictures']:,} simulated renders. Fréchet distance: how far the "
                  "generated pictures are from real renders in the classifiers' eyes (lower is better; two real "
                  "sets already score above 0). Near-copies: pictures closer to a training render than 99% of "
                  "new real renders are.")
    with st.expander("Which generator, and why", icon=":material/help:"):
        st.markdown(
            "- **Conditional VAE with a layered decoder (used here).** It draws a silhouette and its shading "
            "from the category, a pattern map from the pattern and a paint from the colour, then lays them over "
            "a background, so each attribute can only change its own layer; new pictures start from the "
            "latent codes of real renders of the same category and pattern. It trains in minutes on a CPU, and "
            "its encoder lets us restyle a real product: encode its picture, change the colour or pattern, "
            "decode. Its pictures are a little soft (it draws the average of what fits).\n"
            "- **Plain conditional VAE** (one decoder for everything, the digits page's): in the same 9 minutes "
            "its pictures were read as the asked category, colour and pattern only 66%, 67% and 39% of the "
            "time.\n"
            "- **Conditional GAN and diffusion**: not trained on these pictures. On the digits page they need "
            "more steps than the VAE to be good, a GAN has no encoder (so no restyling of a given product), and "
            "diffusion needs 16-32 network passes per picture; with a 10-minute CPU budget we chose the VAE. "
            "On a GPU, diffusion would be the first thing to try.")


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
    labels = {int(r.product_id): f"{r.name} ({r.colour}, {r.pattern})" for r in looks.itertuples()}
    ids = list(labels)
    cols = st.columns([2, 1, 1])
    product_id = cols[0].selectbox("Catalogue product", ids, index=ids.index(studio.DEFAULT_RESTYLE_PRODUCT),
                                   format_func=labels.get, key="mk_restyle_product")
    row = int(np.flatnonzero(looks["product_id"].to_numpy() == product_id)[0])
    own = looks.loc[row, list(ATTRIBUTES)].to_dict()
    default_colour = studio.DEFAULT_RESTYLE["colour"] if product_id == studio.DEFAULT_RESTYLE_PRODUCT else own["colour"]
    colour = cols[1].selectbox("New colour", ATTRIBUTES["colour"], index=ATTRIBUTES["colour"].index(default_colour),
                               key=f"mk_restyle_colour_{product_id}")
    pattern = cols[2].selectbox("New pattern", ATTRIBUTES["pattern"], index=ATTRIBUTES["pattern"].index(own["pattern"]),
                                key=f"mk_restyle_pattern_{product_id}")
    key = studio.restyle_key(product_id, colour, pattern)
    stored = shipped.shipped_pictures()
    if key in stored:
        restyled = stored[key][0]
    else:
        with st.spinner("Restyling ..."):
            restyled = _restyled(product_id, colour, pattern)
    left, middle, right = st.columns([1, 1, 2])
    left.image(studio.mosaic(pictures.images[row][None], columns=1, scale=4),
               caption=f"Original: {own['colour']} {own['pattern']} (simulated render)")
    middle.image(studio.mosaic(restyled[None], columns=1, scale=4),
                 caption=f"Restyled: {colour} {pattern} (generated)")
    scores = results["scores"]["restyle"]
    right.markdown("**How well restyling works** (500 held-out renders, each given another colour or pattern)")
    with right:
        show_table(restyle_table(results))
    right.caption("The picture is encoded into the generator's few latent numbers (shape, place, size), the "
                  "condition is swapped, and the decoder redraws it: the product keeps its shape and only the "
                  "asked attribute changes. " + help_text("Latent space"))


def restyle_table(results: dict) -> pd.DataFrame:
    """Restyling scores in words: the new value read, the category (shape) and the other attribute kept."""
    rows = []
    for attribute, other in (("colour", "pattern"), ("pattern", "colour")):
        scores = results["scores"]["restyle"][attribute]
        rows.append((f"new {attribute}", f"{scores['new_value_read']:.1%}", f"{scores['category_kept']:.1%}",
                     f"{scores['other_kept']:.1%} ({other})"))
    return pd.DataFrame(rows, columns=["change", "new value read", "category kept", "other kept"])


# -------------------------------------------------------------------------------------- ad creatives
def creative_list(product_ids: list[int], catalogue_table: pd.DataFrame) -> list[creatives.Creative]:
    stored = shipped.shipped_pictures()
    pictures = {(p, v): stored[studio.CREATIVE_KEY.format(product_id=p, variant=v)][0]
                for p in product_ids for v in range(1, creatives.VARIANTS_PER_PRODUCT + 1)}
    return creatives.segment_creatives(pd.DataFrame({"product_id": product_ids}), catalogue_table, shipped_copy(),
                                       catalogue_images().attributes, pictures)


def creatives_section(results: dict, catalogue_table: pd.DataFrame) -> None:
    plan = results["segments"]
    segment = st.selectbox("Customer segment", list(plan), key="mk_segment",
                           help=help_text("RFM") + " Four k-means segments, as on the E-commerce page.")
    product_ids = plan[segment]
    top = catalogue_table.set_index("product_id").loc[product_ids, ["name", "category", "colour", "price"]]
    st.markdown(f"The recommender's top {len(product_ids)} products for **{segment}** (most often in its "
                "customers' top 10), each with two generated pictures and two checked copy variants:")
    show_table(top.reset_index(), {"price": st.column_config.NumberColumn("price", format="$%.2f")})
    state_key = f"mk_banners_{segment}"
    if st.button("Make the banners", key="mk_make_banners", icon=":material/palette:"):
        with st.spinner("Composing and watermarking the banners ..."):
            version = shipped.generator_version()
            st.session_state[state_key] = [creatives.make_banner(c, segment, version)
                                           for c in creative_list(product_ids, catalogue_table)]
    banners = st.session_state.get(state_key)
    if not banners:
        st.caption("Each banner is a PNG with an invisible watermark and a provenance sidecar (JSON: model, "
                   "version, seed, time, attributes).")
        return
    st.download_button("Download all banners (zip with sidecars)", creatives.banners_zip(banners),
                       file_name=f"banners_{segment[:24].replace(' ', '_').replace(',', '')}.zip",
                       mime="application/zip", icon=":material/folder_zip:", key="mk_zip")
    columns = st.columns(2)
    for index, banner in enumerate(banners):
        with columns[index % 2]:
            st.image(banner.png, caption=banner.record["headline_checks"].capitalize() + " · " + banner.file_name)
            st.download_button("Download PNG", banner.png, file_name=banner.file_name, mime="image/png",
                               key=f"mk_png_{index}", icon=":material/download:")
            with st.popover("Provenance record"):
                st.json(banner.record)


def provenance_check(results: dict) -> None:
    rates = results["watermark"]
    st.markdown(
        f"**Was this made here?** Upload a picture: the lab looks for its invisible watermark. Measured on "
        f"{rates['n_banners']} generated banners: found in {rates['detected_png']:.0%} after PNG re-encoding, "
        f"{min(rates['detected_resized_90'], rates['detected_resized_110']):.0%} after a 10% resize; false alarms "
        f"on {rates['n_clean']} pictures without it: {rates['false_alarm_share']:.1%}.",
        help=help_text("Watermark"))
    upload = st.file_uploader("Picture to check", key="mk_check_upload", max_upload_size=creatives.MAX_UPLOAD_BYTES
                              // (1024 * 1024))
    if upload is None:
        return
    result = creatives.check_upload(upload.getvalue())
    if result.found:
        st.success(f"{result.verdict} (score {result.score:.1f}; threshold {result.threshold:.0f})",
                   icon=":material/verified:")
    else:
        st.info(f"{result.verdict} (score {result.score:.1f}; threshold {result.threshold:.0f})",
                icon=":material/search_off:")


# ------------------------------------------------------------------------------------------- campaign
@st.cache_data(max_entries=2, show_spinner=False)
def _campaign(pool: tuple[int, ...], mix: tuple[float, ...], _catalogue_table: pd.DataFrame) -> dict:
    pool_creatives = creative_list(list(pool), _catalogue_table)
    labels = [campaign.creative_label(c.name, c.variant) for c in pool_creatives]
    rates, runs = campaign.campaign_runs(creatives.creative_features(pool_creatives), np.array(mix))
    return {"labels": labels, "rates": rates, "runs": runs}


def campaign_section(results: dict, catalogue_table: pd.DataFrame) -> None:
    plan = results["segments"]
    pool = tuple(campaign.pool_products(plan))
    simulated = _campaign(pool, tuple(results["traffic_mix"]), catalogue_table)
    runs, labels, rates = simulated["runs"], simulated["labels"], simulated["rates"]
    even, bandit = runs["even split"], runs["Thompson sampling"]
    st.markdown(f"**One simulated campaign**: {len(labels)} creatives (a top product of each segment, two "
                f"variants each) shown to all four segments, {campaign.ROUNDS} rounds of {campaign.PER_ROUND} "
                "impressions. A hidden response model decides who clicks (the oracle); the policies only see "
                "the clicks.")
    cols = st.columns(4)
    cols[0].metric("Clicks, even split", f"{even.total_clicks:,}", help=help_text("A/B/n test"))
    cols[1].metric("Clicks, Thompson sampling", f"{bandit.total_clicks:,}",
                   delta=f"{bandit.total_clicks / max(even.total_clicks, 1) - 1:+.1%} vs even split",
                   help=help_text("Thompson sampling"))
    cols[2].metric("Regret, even split", f"{even.regret:,.0f}", help=help_text("Regret"))
    cols[3].metric("Regret, Thompson sampling", f"{bandit.regret:,.0f}",
                   delta=f"{bandit.regret - even.regret:+,.0f} vs even split", delta_color="inverse",
                   help=help_text("Regret"))
    left, right = st.columns(2)
    left.markdown("**Clicks so far**")
    left.altair_chart(charts.cumulative_clicks_chart(campaign.cumulative_clicks(runs)), width="stretch")
    right.markdown("**Where the bandit sends traffic, round by round**")
    right.altair_chart(charts.traffic_share_chart(campaign.traffic_shares(bandit, labels)), width="stretch")
    st.markdown("**The winning creative per segment**")
    table = campaign.winners(rates, bandit, list(plan), labels)
    table[["best_click_rate", "even_split_click_rate"]] *= 100
    show_table(table, {
        "best_creative": st.column_config.TextColumn("truly best"),
        "best_click_rate": st.column_config.NumberColumn("its click rate", format="%.2f%%"),
        "bandit_favourite": st.column_config.TextColumn("bandit's pick"),
        "bandit_share": st.column_config.ProgressColumn("pick's traffic", format="percent", min_value=0,
                                                        max_value=1),
        "even_split_click_rate": st.column_config.NumberColumn("even split's rate", format="%.2f%%")})
    summary = results["campaign"]
    st.markdown(
        f"**Over {summary['n_campaigns']} seeded campaigns** (each with its own hidden tastes): the bandit got "
        f"more clicks than the even split in **{summary['bandit_win_share']:.0%}** of them, "
        f"{summary['clicks_gained']:+.1%} clicks on average; clicks lost against the oracle (regret): "
        f"{summary['bandit_regret_mean']:,.0f} per campaign against {summary['even_regret_mean']:,.0f} for the "
        "even split.")
    st.info("**What a marketer should take away:** an even split spends the whole campaign showing weak "
            "creatives as often as strong ones, so it pays for its lesson in lost clicks; a bandit shifts traffic "
            "to what works as the evidence comes in, per segment. An even split still gives the cleaner "
            "measurement of *why* a creative wins; use it when learning matters more than this campaign's "
            "clicks.", icon=":material/lightbulb:")


def catalogue_table(db) -> pd.DataFrame:
    """The shipped catalogue (the E-commerce page's cached query)."""
    from dashboard.ecommerce.page_data import catalogue

    return catalogue(db)
