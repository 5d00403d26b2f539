"""The Data Explorer page: profile of a shipped table, uploads (good and bad), the SQL box and its errors."""

from tests.pages.chart_specs import chart_specs, encoded_fields, layers
from tests.pages.conftest import page_text

PAGE = "pages/1_Data_Explorer.py"


def test_opens_on_a_sample_table_with_profile(run_page):
    """The page raises nothing and shows a profile (metrics, summary table, charts) of a shipped table."""
    # Run
    app = run_page(PAGE)
    # Assert
    assert not app.exception and not app.error
    assert app.selectbox(key="table_picker").value.startswith("ecommerce.")
    assert [metric.label for metric in app.metric][:3] == ["Rows", "Columns", "Missing cells"]
    assert int(app.metric[0].value.replace(",", "")) > 0
    assert len(app.dataframe) >= 1
    assert "Simulated" in page_text(app)


def test_upload_becomes_active_table_and_can_be_queried(run_page):
    """An uploaded CSV is loaded, becomes the picked table, and the SQL box queries it."""
    # Setup
    app = run_page(PAGE)
    csv = b"region,sales\nnorth,10\nsouth,20\nnorth,5\n"
    # Run
    app.file_uploader(key="upload").set_value(("shop.csv", csv, "text/csv")).run()
    # Assert
    assert not app.exception and not app.error
    assert any("Loaded **shop.csv** as table `shop`" in s.value for s in app.success)
    assert app.selectbox(key="table_picker").value == "shop"
    assert app.metric[0].value == "3"
    # Run the query
    app.text_area(key="sql_text").set_value("SELECT region, sum(sales) AS total FROM shop GROUP BY region ORDER BY region")
    app.get("form_submit_button")[0].click()
    app.run()
    # Assert the result
    result = next(element.value for element in app.dataframe if "total" in element.value.columns)
    assert result["total"].tolist() == [15, 20]


def test_bad_upload_and_bad_sql_show_messages_not_tracebacks(run_page):
    """An empty upload and a DROP statement each give an error message in the page, and nothing raises."""
    # Setup
    app = run_page(PAGE)
    # Run
    app.file_uploader(key="upload").set_value(("empty.csv", b"", "text/csv")).run()
    # Assert
    assert not app.exception
    assert any("is empty" in e.value for e in app.error)
    # Run
    app.text_area(key="sql_text").set_value("DROP TABLE ecommerce.customers")
    app.get("form_submit_button")[0].click()
    app.run()
    # Assert
    assert not app.exception
    assert any("read-only" in e.value for e in app.error)


def test_profile_draws_yes_no_as_shares_and_never_charts_ids(run_page):
    """On the card transactions, is_fraud (0/1) is drawn as shares with the share written on the bar, no chart
    plots an id column, and every category chart keeps all its labels."""
    # Setup
    app = run_page(PAGE)
    # Run
    app.selectbox(key="table_picker").set_value("bank.transactions").run()
    # Assert
    assert not app.exception and not app.error
    specs = chart_specs(app)
    fields = [encoded_fields(spec, "x") | encoded_fields(spec, "y") for spec in specs]
    assert sum("share" in f for f in fields) >= 2  # is_fraud and is_fraud_true
    shares = [spec for spec, f in zip(specs, fields) if "share" in f]
    assert all(any(view["mark"] == "text" or view["mark"].get("type") == "text" for view in layers(spec))
               for spec in shares)
    assert any("identifier" in caption.value for caption in app.caption)
    for spec in specs:
        for view in layers(spec):
            y = view.get("encoding", {}).get("y", {})
            if y.get("type") == "nominal":
                assert y["axis"]["labelOverlap"] is False


def test_quick_chart_of_a_products_query_leaves_out_the_id(run_page):
    """SELECT * on the products draws a labelled bar chart without product_id, cut to a readable number of bars."""
    # Setup
    app = run_page(PAGE)
    app.selectbox(key="table_picker").set_value("ecommerce.products").run()
    # Run
    app.text_area(key="sql_text").set_value("SELECT * FROM ecommerce.products LIMIT 100")
    app.get("form_submit_button")[0].click()
    app.run()
    # Assert
    assert not app.exception and not app.error
    quick = chart_specs(app)[-1]
    drawn = encoded_fields(quick, "x") | encoded_fields(quick, "y")
    assert "product_id" not in drawn and len(drawn) == 2
    assert quick["height"] <= 30 * 22 + 40 and quick["encoding"]["x"]["title"]
