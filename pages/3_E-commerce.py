"""E-commerce: store analytics, generative recommendations, generated product copy, campaigns, and the same
recommender comparison on an uploaded interaction log."""

import streamlit as st

from dashboard.downloads import csv_bytes
from dashboard.ecommerce import campaign, charts, page_data, product_copy, shipped, views
from dashboard.ecommerce import recommendations as recs
from dashboard.ecommerce.your_data_view import show_your_data
from dashboard.glossary import glossary_section, help_text
from dashboard.page_setup import explained_errors, setup_page
from dashboard.tables import show_table
from dashboard.session import session_database

setup_page("E-commerce")
db = session_database()
st.title("E-commerce: people, goods, place")
st.caption(
    "A **simulated** online store (5,000 shoppers, 400 products, 18 months of clicks and orders). Generative "
    "models learn each shopper's taste to recommend products, and write product copy from a product's "
    "attributes."
)

with explained_errors("reading the shipped results"):
    results = shipped.shipped_results()
    top = recs.headline(results["leaderboard"])
    copy_metrics = results["copywriter"]["checked_sampling"]
    st.success(
        f"{recs.headline_sentence(top)} The product copy states every attribute in "
        f"{copy_metrics['faithfulness']:.0%} of texts, with new wording in {copy_metrics['novelty']:.0%}.",
        icon=":material/insights:",
    )

tabs = st.tabs([":material/storefront: Store", ":material/groups: Segments",
                ":material/recommend: Recommendations", ":material/edit_note: Content",
                ":material/campaign: Campaign", ":material/upload_file: Your data"])

with tabs[0], explained_errors("computing the store figures"):
    overview = page_data.store_overview(db)
    kpis = overview["kpis"]
    cols = st.columns(5)
    cols[0].metric("Gross sales (GMV)", f"${kpis['gmv']:,.0f}",
                   help=help_text("GMV") + " Here: the sum of order values (list prices) over the 18 months.")
    cols[1].metric("Orders", f"{kpis['orders']:,}")
    cols[2].metric("Buyers", f"{kpis['buyers']:,}")
    cols[3].metric("Average order", f"${kpis['average_order_value']:,.2f}")
    cols[4].metric("Conversion", f"{kpis['conversion']:.1%}", help="Sessions that end in an order.")
    left, right = st.columns([3, 2])
    left.markdown("**Monthly gross sales (GMV) and conversion**")
    left.altair_chart(charts.monthly_trend_chart(overview["trend"]), width="stretch")
    right.markdown("**Funnel: sessions that view, cart, buy**")
    right.altair_chart(charts.funnel_chart(overview["funnel"]), width="stretch")
    right.markdown("**Top categories by revenue**")
    right.altair_chart(charts.category_chart(overview["categories"], height=230), width="stretch")
    activity = left.radio("Cohort retention by", ["orders", "visits"], horizontal=True, key="ecom_cohort_by",
                          format_func={"orders": "returning buyers", "visits": "returning visitors"}.get)
    left.altair_chart(charts.cohort_heatmap(page_data.cohorts(db, activity)), width="stretch")
    left.caption("Each row is the customers whose first order (or visit) fell in that month; a cell is the "
                 "share of them who came back that many months later.")

with tabs[1], explained_errors("segmenting customers"):
    st.markdown("Customers with an order, grouped by **recency** (days since last order), **frequency** "
                "(orders) and **monetary value** (spend) with k-means. Segment names come from each group's "
                "medians.")
    k = st.slider("Number of segments", 2, 8, 4, key="ecom_k")
    segmented, profiles = page_data.segments(db, k)
    show_table(profiles, {
        "share": st.column_config.ProgressColumn("customers %", format="percent", min_value=0, max_value=1),
        "revenue_share": st.column_config.ProgressColumn("revenue %", format="percent", min_value=0,
                                                         max_value=1),
        "recency_days": st.column_config.NumberColumn("median days since order", format="%d"),
        "orders": st.column_config.NumberColumn("orders (mean)", format="%.1f"),
        "spend": st.column_config.NumberColumn("spend (mean)", format="$%.0f")})
    st.altair_chart(charts.segment_chart(profiles), width="stretch")

with tabs[2], explained_errors("showing recommendations"):
    board = recs.leaderboard_table(results["leaderboard"])
    st.markdown(f"**Leaderboard** — {results['store']['test_users']:,} shoppers were held out; each model "
                "saw 80% of their products and had to rank the other 20% (Recall@20: share found in its top "
                f"20). Mean of {results['store']['splits']} random draws of the held-out shoppers.")
    show_table(board, views.leaderboard_column_config())
    st.altair_chart(charts.leaderboard_chart(board), width="stretch")
    st.caption(recs.model_notes(board["Model"].tolist()))
    customers = page_data.pickable_customers(db)
    labels = {int(row.customer_id): recs.customer_label(row._asdict()) for row in customers.itertuples()}
    customer = st.selectbox("Customer", list(labels), format_func=labels.get, key="ecom_customer")
    catalogue = page_data.catalogue(db)
    # Stacked, not side by side: at half width both tables hid their last columns (issue 14).
    history, picks = st.container(), st.container()
    with history:
        st.markdown("**What they explored** (most recent first)")
        show_table(recs.history_table(page_data.customer_history(db, customer)),
                   {"Price": st.column_config.NumberColumn(format="$%.2f")})
    with picks:
        st.markdown("**Top 10 the Mult-VAE recommends** (products they have not seen)")
        show_table(recs.recommended_products(shipped.shipped_recommendations(), catalogue, customer),
                   key="ecom_recs", column_config={
                        "Price": st.column_config.NumberColumn(format="$%.2f", width="small"),
                        "Match": st.column_config.ProgressColumn(
                            format="percent", min_value=0, max_value=0.1, width="small",
                            help="The model's share of this customer's predicted interest among all the "
                                 "products they have not seen; 400 products share 100%, so 3% is a strong "
                                 "pick."),
                        "True taste rank": st.column_config.NumberColumn(
                            "True rank", width="small",
                            help="Where the simulator's hidden truth ranks this product among the ones the "
                                 "customer has not seen (1 = their true favourite). Only a simulation can "
                                 "show this.")})

with tabs[3], explained_errors("writing product copy"):
    st.markdown("A word-level GRU trained on the catalogue's descriptions writes copy for a product's "
                "**category, brand, colour and price band**. Each text is checked by code: does it state all "
                "four, is its wording new (no 8-word run copied from the training descriptions), does it read "
                "like a person wrote it (no broken clause or stray capital), and does it only use words the "
                "catalogue uses for that category (a face cream is not \"rugged\")? Drafts that fail are "
                "dropped in favour of ones that pass.")
    m = results["copywriter"]
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
    mode = st.radio("Write copy for", ["a catalogue product", "attributes I set"], horizontal=True,
                    key="ecom_mode")
    if mode == "a catalogue product":
        names = catalogue.set_index("product_id")["name"].to_dict()
        product_id = st.selectbox("Product", list(names), format_func=names.get, key="ecom_product")
        product = catalogue.set_index("product_id").loc[product_id]
        attributes = product_copy.product_attributes(product.to_dict() | {"name": names[product_id]})
        st.caption(f"Catalogue description: {product['description']}")
    else:
        cols = st.columns(5)
        picked = {name: cols[i].selectbox(label, options[name], key=f"ecom_attr_{name}",
                                          accept_new_options=True)
                  for i, (name, label) in enumerate(product_copy.ATTRIBUTE_LABELS.items())}
        kind = cols[4].selectbox("Product type", product_copy.product_types(catalogue, picked["category"]),
                                 key="ecom_attr_type", accept_new_options=True)
        attributes = product_copy.custom_attributes(**picked, product_type=kind)
    cols = st.columns([1, 1, 1, 2], vertical_alignment="bottom")
    temperature = cols[0].slider("Temperature", 0.5, 1.5, 1.2, 0.1, key="ecom_temperature",
                                 help="Higher: bolder wording, more risk.")
    seed = cols[1].number_input("Seed", 0, 1_000_000, 7, key="ecom_seed")
    checked = cols[2].toggle("Best of 16 drafts", True, key="ecom_checked",
                             help="Keep the draft that states every attribute with the newest wording.")
    if cols[3].button("Generate 3 variants", type="primary", icon=":material/auto_awesome:",
                      key="ecom_generate"):
        with st.spinner("Writing ..."):
            st.session_state["ecom_copy"] = shipped.copywriter().generate(
                attributes, n_variants=3, temperature=temperature, seed=int(seed),
                candidates_per_variant=16 if checked else 1)
    variants = st.session_state.get("ecom_copy")
    if variants is None and mode == "a catalogue product":
        shipped_variants = shipped.shipped_copy()
        variants = shipped_variants[shipped_variants["product_id"] == product_id]
        st.caption("Shown: the variants written when the model was built. Press Generate for new ones.")
    if variants is not None and len(variants):
        if variants["unknown_attributes"].iloc[0]:
            st.info(f"Not seen in training: {variants['unknown_attributes'].iloc[0]}. The values are written "
                    "as given, around generic wording.", icon=":material/info:")
        views.copy_cards(variants)
        st.download_button("Download these variants (CSV, with provenance)", csv_bytes(variants),
                           "product_copy.csv", "text/csv", icon=":material/download:", on_click="ignore")

with tabs[4], explained_errors("building the campaign"):
    k_segments = st.session_state.get("ecom_k", 4)
    segmented, profiles = page_data.segments(db, k_segments)
    segment = st.selectbox("Segment", profiles["segment"].tolist(), key="ecom_segment")
    size = int(profiles.set_index("segment").loc[segment, "customers"])
    top_products = campaign.segment_top_products(shipped.shipped_recommendations(), segmented, segment)
    table = campaign.campaign_table(segment, top_products, catalogue, shipped.shipped_copy())
    st.markdown(f"**{segment}** — {size:,} customers. The products the Mult-VAE puts in front of most of "
                "them, each with generated copy:")
    views.campaign_cards(table)
    st.download_button("Download the campaign (CSV)", lambda: csv_bytes(table), "campaign.csv", "text/csv",
                       icon=":material/download:", on_click="ignore", key="ecom_campaign_download")

with tabs[5]:
    show_your_data(db)

glossary_section(["GMV", "Conversion", "RFM", "k-means", "Recall@20", "NDCG@100", "EASE", "Mult-VAE", "RecVAE",
                  "perplexity", "Distinct-2"])
