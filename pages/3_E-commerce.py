"""E-commerce: store analytics, generative recommendations, generated product copy, campaigns, and the same
recommender comparison on an uploaded interaction log."""

import streamlit as st

from dashboard.downloads import csv_bytes
from dashboard.ecommerce import campaign, charts, page_data, product_copy, shipped, views
from dashboard.ecommerce import recommendations as recs
from dashboard.ecommerce.your_data_view import show_your_data
from dashboard.ecommerce.labels import category_label, colour_label, price_band_label, product_label
from dashboard.glossary import glossary_section, help_text
from dashboard.i18n import compact, current_language, money, money_compact, number, percent, t
from dashboard.page_setup import explained_errors, setup_page
from dashboard.tables import show_table
from dashboard.session import session_database

setup_page("E-commerce")
db = session_database()
language = current_language()
st.title(t("ecommerce.title"))
st.caption(t("ecommerce.caption"))

with explained_errors(t("action.reading_shipped_results")):
    results = shipped.shipped_results()
    top = recs.headline(results["leaderboard"])
    copy_metrics = (shipped.chinese_copy_results()["checked_sampling"] if language == "zh"
                    else results["copywriter"]["checked_sampling"])
    faithful_share = copy_metrics["faithful"] if language == "zh" else copy_metrics["faithfulness"]
    novel_share = copy_metrics["novel"] if language == "zh" else copy_metrics["novelty"]
    st.success(t("ecommerce.headline.copy", recommendations=recs.headline_sentence(top),
                 faithful=percent(faithful_share, decimals=0), novel=percent(novel_share, decimals=0)),
               icon=":material/insights:")

tabs = st.tabs([f"{icon} {t(f'ecommerce.tab.{key}')}" for icon, key in (
    (":material/storefront:", "store"), (":material/groups:", "segments"), (":material/recommend:", "recommendations"),
    (":material/edit_note:", "content"), (":material/campaign:", "campaign"), (":material/upload_file:", "your_data"))])

with tabs[0], explained_errors(t("action.ecommerce.store")):
    overview = page_data.store_overview(db)
    kpis = overview["kpis"]
    cols = st.columns(5)
    # In Chinese the currency goes in the label ("美元"): "US$47.79万" is too wide for a fifth of the page.
    cols[0].metric(t("ecommerce.kpi.gmv"), compact(kpis["gmv"]) if language == "zh" else money_compact(kpis["gmv"]),
                   help=help_text("GMV") + " " + t("ecommerce.kpi.gmv.help"))
    cols[1].metric(t("ecommerce.kpi.orders"), number(kpis["orders"]))
    cols[2].metric(t("ecommerce.kpi.buyers"), number(kpis["buyers"]))
    cols[3].metric(t("ecommerce.kpi.average_order"), money(kpis["average_order_value"]))
    cols[4].metric(t("ecommerce.kpi.conversion"), percent(kpis["conversion"]), help=t("ecommerce.kpi.conversion.help"))
    left, right = st.columns([3, 2])
    left.markdown(t("ecommerce.store.trend"))
    left.altair_chart(charts.monthly_trend_chart(overview["trend"]), width="stretch")
    right.markdown(t("ecommerce.store.funnel"))
    right.altair_chart(charts.funnel_chart(overview["funnel"]), width="stretch")
    right.markdown(t("ecommerce.store.categories"))
    right.altair_chart(charts.category_chart(overview["categories"], height=230), width="stretch")
    activity = left.radio(t("ecommerce.store.cohort_by"), ["orders", "visits"], horizontal=True, key="ecom_cohort_by",
                          format_func=lambda choice: t(f"ecommerce.store.cohort_by.{choice}"))
    left.altair_chart(charts.cohort_heatmap(page_data.cohorts(db, activity)), width="stretch")
    left.caption(t("ecommerce.store.cohort_note"))

with tabs[1], explained_errors(t("action.ecommerce.segments")):
    st.markdown(t("ecommerce.segments.intro"))
    k = st.slider(t("ecommerce.segments.count"), 2, 8, 4, key="ecom_k")
    segmented, profiles = page_data.segments(db, k, language)
    show_table(profiles, {
        "segment": st.column_config.TextColumn(t("ecommerce.col.segment")),
        "customers": st.column_config.NumberColumn(t("ecommerce.col.customers"), format="localized"),
        "share": st.column_config.ProgressColumn(t("ecommerce.col.customers_share"), format="percent", min_value=0,
                                                 max_value=1),
        "revenue_share": st.column_config.ProgressColumn(t("ecommerce.col.revenue_share"), format="percent",
                                                         min_value=0, max_value=1),
        "recency_days": st.column_config.NumberColumn(t("ecommerce.col.recency"), format="%d"),
        "orders": st.column_config.NumberColumn(t("ecommerce.col.orders_mean"), format="%.1f"),
        "spend": st.column_config.NumberColumn(t("ecommerce.col.spend_mean"), format="$%.0f")})
    st.altair_chart(charts.segment_chart(profiles), width="stretch")

with tabs[2], explained_errors(t("action.ecommerce.recommendations")):
    board = recs.leaderboard_table(results["leaderboard"])
    st.markdown(t("ecommerce.recs.leaderboard", users=int(results["store"]["test_users"]),
                  splits=int(results["store"]["splits"])))
    show_table(board, views.leaderboard_column_config())
    st.altair_chart(charts.leaderboard_chart(board), width="stretch")
    st.caption(recs.model_notes(board["Model"].tolist()))
    customers = page_data.pickable_customers(db)
    labels = {int(row.customer_id): recs.customer_label(row._asdict()) for row in customers.itertuples()}
    customer = st.selectbox(t("ecommerce.recs.customer"), list(labels), format_func=labels.get, key="ecom_customer")
    catalogue = page_data.catalogue(db)
    # Stacked, not side by side: at half width both tables hid their last columns (issue 14).
    history, picks = st.container(), st.container()
    product_columns = {"Product": st.column_config.TextColumn(t("ecommerce.col.product")),
                       "Category": st.column_config.TextColumn(t("ecommerce.col.category"))}
    with history:
        st.markdown(t("ecommerce.recs.history"))
        show_table(recs.history_table(page_data.customer_history(db, customer)), product_columns | {
            "Price": st.column_config.NumberColumn(t("ecommerce.col.price"), format="$%.2f"),
            "Views": st.column_config.NumberColumn(t("ecommerce.col.views")),
            "Carts": st.column_config.NumberColumn(t("ecommerce.col.carts")),
            "Bought": st.column_config.NumberColumn(t("ecommerce.col.bought")),
            "Last seen": st.column_config.DatetimeColumn(t("ecommerce.col.last_seen"))})
    with picks:
        st.markdown(t("ecommerce.recs.picks"))
        show_table(recs.recommended_products(shipped.shipped_recommendations(), catalogue, customer),
                   key="ecom_recs", column_config=product_columns | {
                        "Rank": st.column_config.NumberColumn(t("ecommerce.col.rank"), width="small"),
                        "Price": st.column_config.NumberColumn(t("ecommerce.col.price"), format="$%.2f", width="small"),
                        "Match": st.column_config.ProgressColumn(
                            t("ecommerce.col.match"), format="percent", min_value=0, max_value=0.1, width="small",
                            help=t("ecommerce.col.match.help")),
                        "True taste rank": st.column_config.NumberColumn(
                            t("ecommerce.col.true_rank"), width="small", help=t("ecommerce.col.true_rank.help")),
                        "Why": st.column_config.TextColumn(t("ecommerce.col.why"))})

with tabs[3], explained_errors(t("action.ecommerce.content")):
    chinese = language == "zh"
    st.markdown(t("ecommerce.content.intro.zh" if chinese else "ecommerce.content.intro"))
    m = results["copywriter"]
    if chinese:
        m_zh = shipped.chinese_copy_results()
        checked_zh = m_zh["checked_sampling"]
        cols = st.columns(4)
        cols[0].metric(t("ecommerce.content.states_all"), percent(checked_zh["all_attributes_stated"], decimals=0),
                       help=t("ecommerce.content.states_all.help.zh", texts=int(checked_zh["texts"]),
                              raw=percent(m_zh["raw_sampling"]["all_attributes_stated"], decimals=1)))
        cols[1].metric(t("ecommerce.content.reads_well"), percent(checked_zh["fluent"], decimals=0),
                       help=t("ecommerce.content.reads_well.help.zh"))
        cols[2].metric(t("ecommerce.content.new_wording"), percent(checked_zh["novel"], decimals=0),
                       help=t("ecommerce.content.new_wording.help.zh"))
        cols[3].metric(t("ecommerce.content.distinct"), number(checked_zh["distinct_2"], decimals=3),
                       help=t("ecommerce.content.distinct.help.zh"))
    else:
        checked = m["checked_sampling"]
        if "publishable" in checked:
            st.metric("Ready to publish", f"{checked['publishable']:.0%}",
                      help=f"Share of {checked['texts']:,} generated texts that state every attribute, read "
                           f"fluently and make sense for the category. Raw samples without the checks: "
                           f"{m['raw_sampling']['publishable']:.0%}.")
        cols = st.columns(4)
        cols[0].metric("States all attributes", f"{m['checked_sampling']['faithfulness']:.0%}")
        cols[1].metric("New wording", f"{m['checked_sampling']['novelty']:.0%}",
                       help="The catalogue's own held-out descriptions: "
                            f"{m['catalogue_descriptions']['novelty']:.0%}.")
        cols[2].metric("Surprise (perplexity)", f"{m['held_out_perplexity']:.2f}",
                       help=help_text("perplexity") + " Per word, attribute values as slots.")
        cols[3].metric("Variety of wording (Distinct-2)", f"{m['checked_sampling']['distinct_2']:.2f}",
                       help=help_text("Distinct-2") + " The catalogue's own descriptions: "
                            f"{m['catalogue_descriptions']['distinct_2']:.2f}.")
    options = product_copy.attribute_options(catalogue)
    mode = st.radio(t("ecommerce.content.mode"), ["product", "attributes"], horizontal=True, key="ecom_mode",
                    format_func=lambda choice: t(f"ecommerce.content.mode.{choice}"))
    if mode == "product":
        names = catalogue.set_index("product_id")["name"].to_dict()
        product_id = st.selectbox(t("ecommerce.content.product"), list(names),
                                  format_func=lambda pid: product_label(names[pid]), key="ecom_product")
        product = catalogue.set_index("product_id").loc[product_id]
        if chinese:
            from sample_data.ecommerce_copy_zh import chinese_attributes

            attributes = chinese_attributes(product.to_dict() | {"name": names[product_id], "product_id": product_id})
            st.caption(t("ecommerce.content.attributes.zh", category=attributes["category"], brand=attributes["brand"],
                         colour=attributes["colour"], price_band=attributes["price_band"], item=attributes["item"]))
        else:
            attributes = product_copy.product_attributes(product.to_dict() | {"name": names[product_id]})
            st.caption(f"Catalogue description: {product['description']}")
    else:
        cols = st.columns(5)
        shown = {"category": category_label, "colour": colour_label, "price_band": price_band_label}
        picked = {name: cols[i].selectbox(t(f"ecommerce.attribute.{name}"), options[name], key=f"ecom_attr_{name}",
                                          format_func=shown.get(name, str), accept_new_options=True)
                  for i, name in enumerate(product_copy.ATTRIBUTE_LABELS)}
        kind = cols[4].selectbox(t("ecommerce.attribute.product_type"),
                                 product_copy.product_types(catalogue, picked["category"]),
                                 format_func=lambda kind: product_label(f"x {kind}").removeprefix("x "),
                                 key="ecom_attr_type", accept_new_options=True)
        if chinese:
            from sample_data.ecommerce_copy_zh import CATEGORY_ZH, COLOUR_ZH, ITEM_ZH, PRICE_BAND_ZH

            attributes = {"category": CATEGORY_ZH.get(picked["category"], picked["category"]),
                          "brand": picked["brand"], "colour": COLOUR_ZH.get(picked["colour"], picked["colour"]),
                          "price_band": PRICE_BAND_ZH.get(picked["price_band"], picked["price_band"]),
                          "item": ITEM_ZH.get(kind, kind)}
        else:
            attributes = product_copy.custom_attributes(**picked, product_type=kind)
    cols = st.columns([1, 1, 1, 2], vertical_alignment="bottom")
    temperature = cols[0].slider(t("ecommerce.content.temperature"), 0.5, 1.5, 1.0 if chinese else 1.2, 0.1,
                                 key="ecom_temperature", help=t("ecommerce.content.temperature.help"))
    seed = cols[1].number_input(t("ecommerce.content.seed"), 0, 1_000_000, 7, key="ecom_seed")
    checked = cols[2].toggle(t("ecommerce.content.best_of"), True, key="ecom_checked",
                             help=t("ecommerce.content.best_of.help"))
    copy_key = f"ecom_copy_{language}"
    if cols[3].button(t("ecommerce.content.generate"), type="primary", icon=":material/auto_awesome:",
                      key="ecom_generate"):
        with st.spinner(t("ecommerce.content.writing")):
            writer = shipped.chinese_copywriter() if chinese else shipped.copywriter()
            st.session_state[copy_key] = writer.generate(
                attributes, n_variants=3, temperature=temperature, seed=int(seed),
                candidates_per_variant=16 if checked else 1)
    variants = st.session_state.get(copy_key)
    if variants is None and mode == "product":
        shipped_variants = shipped.shipped_copy_for(language)
        variants = shipped_variants[shipped_variants["product_id"] == product_id]
        st.caption(t("ecommerce.content.shipped_note"))
    if variants is not None and len(variants):
        if "unknown_attributes" in variants and variants["unknown_attributes"].iloc[0]:
            st.info(t("ecommerce.content.unknown", values=variants["unknown_attributes"].iloc[0]),
                    icon=":material/info:")
        views.copy_cards(variants)
        st.download_button(t("ecommerce.content.download"), csv_bytes(variants),
                           "product_copy.csv", "text/csv", icon=":material/download:", on_click="ignore")

with tabs[4], explained_errors(t("action.ecommerce.campaign")):
    k_segments = st.session_state.get("ecom_k", 4)
    segmented, profiles = page_data.segments(db, k_segments, language)
    segment = st.selectbox(t("ecommerce.campaign.segment"), profiles["segment"].tolist(), key="ecom_segment")
    size = int(profiles.set_index("segment").loc[segment, "customers"])
    top_products = campaign.segment_top_products(shipped.shipped_recommendations(), segmented, segment)
    table = campaign.campaign_table(segment, top_products, catalogue, shipped.shipped_copy_for(language))
    st.markdown(t("ecommerce.campaign.lead", segment=segment, customers=size))
    views.campaign_cards(table)
    st.download_button(t("ecommerce.campaign.download"), lambda: csv_bytes(table), "campaign.csv", "text/csv",
                       icon=":material/download:", on_click="ignore", key="ecom_campaign_download")

with tabs[5]:
    show_your_data(db)

glossary_section(["GMV", "Conversion", "RFM", "k-means", "Recall@20", "NDCG@100", "EASE", "Mult-VAE", "RecVAE",
                  "perplexity", "Distinct-2"])
