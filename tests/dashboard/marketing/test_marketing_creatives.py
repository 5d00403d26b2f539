"""Banners, their zip with sidecars, the upload check's messages, the campaign tables and the studio helpers."""

import io
import json
import zipfile

import numpy as np
import pandas as pd
import pytest
from PIL import Image

from dashboard.marketing import campaign, creatives, studio
from engines.errors import InvalidDataError
from sample_data.product_images import render_product


def _creative(variant: int = 1, pattern: str = "stripes", colour: str = "red", band: str = "premium"):
    return creatives.Creative(f"p1_v{variant}", 1, "Acme Pulse Mug", "Kitchen", colour, pattern, 24.5, band,
                              "A red mug from Acme, a premium kitchen buy with an ergonomic handle.", variant,
                              variant, "states every attribute", render_product("Kitchen", colour, pattern))


def test_banner_carries_the_watermark_and_a_sidecar_naming_model_seed_and_time():
    banner = creatives.make_banner(_creative(), "Recent repeat buyers, high spend", "abc123")
    pixels = creatives.read_upload(banner.png)
    assert pixels.shape == (creatives.BANNER_SIZE[1], creatives.BANNER_SIZE[0], 3)
    assert creatives.check_upload(banner.png).found
    assert not creatives.check_upload(creatives.png_bytes(creatives.compose_banner(_creative()))).found
    record = banner.record
    assert record["model_version"] == "abc123" and record["seed"] == 1
    assert record["attributes"]["colour"] == "red" and record["created_utc"].endswith("Z")
    assert record["file"] == banner.file_name


def test_zip_holds_each_png_with_its_sidecar():
    banners = [creatives.make_banner(_creative(v), "s", "v1") for v in (1, 2)]
    with zipfile.ZipFile(io.BytesIO(creatives.banners_zip(banners))) as archive:
        names = sorted(archive.namelist())
        assert names == sorted([b.file_name for b in banners] + [b.sidecar_name for b in banners])
        record = json.loads(archive.read(banners[0].sidecar_name))
        assert record["file"] == banners[0].file_name
        assert creatives.check_upload(archive.read(banners[0].file_name)).found


def test_bad_uploads_get_plain_messages():
    with pytest.raises(InvalidDataError, match="empty"):
        creatives.read_upload(b"")
    with pytest.raises(InvalidDataError, match="not a picture"):
        creatives.read_upload(b"name,price\nmug,3\n")
    with pytest.raises(InvalidDataError, match="MB"):
        creatives.read_upload(b"0" * (creatives.MAX_UPLOAD_BYTES + 1))
    huge = io.BytesIO()
    Image.new("1", (8000, 6000)).save(huge, "PNG")
    with pytest.raises(InvalidDataError, match="million"):
        creatives.read_upload(huge.getvalue())
    tiny = io.BytesIO()
    Image.new("RGB", (8, 8)).save(tiny, "PNG")
    with pytest.raises(InvalidDataError, match="at least"):
        creatives.check_upload(tiny.getvalue())


def test_creative_features_follow_the_creatives():
    features = creatives.creative_features([_creative(1, "plain", "navy", "budget"), _creative(2)])
    assert features.tolist() == [[0, 0, 0, 1, 0], [1, 1, 1, 0, 1]]


def test_campaign_tables_describe_both_policies():
    features = creatives.creative_features([_creative(1, "plain", "navy", "budget"), _creative(2),
                                            _creative(1, "dots", "orange", "mid-range")])
    rates, runs = campaign.campaign_runs(features, np.array([0.5, 0.3, 0.2]))
    clicks = campaign.cumulative_clicks(runs)
    assert set(clicks["policy"]) == {"even split", "Thompson sampling"}
    assert clicks.groupby("policy")["clicks"].apply(lambda c: c.is_monotonic_increasing).all()
    shares = campaign.traffic_shares(runs["Thompson sampling"], ["a", "b", "c"])
    assert np.allclose(shares.groupby("round")["share"].sum(), 1.0)
    table = campaign.winners(rates, runs["Thompson sampling"], ["s1", "s2", "s3"], ["a", "b", "c"])
    assert list(table["segment"]) == ["s1", "s2", "s3"]
    assert (table["best_click_rate"] >= table["even_split_click_rate"]).all()


def test_studio_codes_mosaic_and_unknown_values():
    codes = studio.attribute_codes({"category": "Kitchen", "colour": "red", "pattern": "dots"})
    assert codes.shape == (1, 3)
    with pytest.raises(InvalidDataError, match="Unknown colour"):
        studio.attribute_codes({"category": "Kitchen", "colour": "mauve", "pattern": "dots"})
    grid = studio.mosaic(np.zeros((5, 64, 64, 3), np.uint8), columns=4, scale=2, gap=4)
    assert grid.shape == (2 * 128 + 4, 4 * 128 + 12, 3)
    assert "striped" in studio.design_caption({"category": "Clothing", "colour": "red", "pattern": "stripes"})


def test_segment_creatives_take_checked_copy_first():
    catalogue = pd.DataFrame({"product_id": [1], "name": ["Acme Pulse Mug"], "category": ["Kitchen"],
                              "colour": ["red"], "price": [24.5], "price_band": ["premium"]})
    copy = pd.DataFrame({"product_id": [1, 1], "variant": [1, 2], "text": ["bad", "good"],
                         "faithful": [False, True], "fluent": [True, True], "sensible": [True, True]})
    looks = pd.DataFrame({"product_id": [1], "pattern": ["dots"]})
    pictures = {(1, 1): np.zeros((64, 64, 3), np.uint8), (1, 2): np.ones((64, 64, 3), np.uint8)}
    made = creatives.segment_creatives(pd.DataFrame({"product_id": [1]}), catalogue, copy, looks, pictures)
    assert [c.headline for c in made] == ["good", "bad"]
    assert made[0].copy_checks == "states every attribute" and made[1].pattern == "dots"


def test_campaign_pool_takes_a_fresh_product_per_segment():
    plan = {"a": [7, 8, 9], "b": [7, 8, 9], "c": [7, 5], "d": [7]}
    assert campaign.pool_products(plan) == [7, 8, 5]
    assert campaign.creative_label("HomeCraft Quest Electric Kettle", 2) == "Electric Kettle · v2"
