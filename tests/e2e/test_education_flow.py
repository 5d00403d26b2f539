"""Real browser: the Education page opens with its headline, a student can be picked, and their mastery map, next
exercises and learning plan appear."""

import pytest

from tests.e2e.conftest import ARTIFACTS, assert_no_error, wait_for_app

pytestmark = [pytest.mark.e2e, pytest.mark.slow]


def test_pick_a_student_and_see_plan(page, app_url):
    """Open the page, switch to the Student tab, pick another student, see recommendations and the plan."""
    # Setup: a tall window, so the screenshots show whole tabs (the app scrolls inside its own container)
    page.set_viewport_size({"width": 1400, "height": 2600})
    page.goto(f"{app_url}/Education")
    wait_for_app(page)
    page.get_by_text("predict the next answer almost as well as is possible").wait_for(timeout=30_000)
    assert_no_error(page)
    page.screenshot(path=str(ARTIFACTS / "education_analytics.png"), full_page=True)
    # Run: open the Student tab and pick the fourth student of the list
    page.get_by_role("tab", name="Student").click()
    wait_for_app(page)
    picker = page.get_by_role("combobox", name="Student")
    picker.wait_for(timeout=60_000)
    before = picker.input_value()
    picker.click()
    page.get_by_role("option").nth(3).click()
    wait_for_app(page)
    # Assert
    assert picker.input_value() != before and picker.input_value().startswith("Student ")
    page.get_by_text("Learning plan for the next 3 sessions").wait_for(timeout=60_000)
    assert page.get_by_text("Expected mastery gain, this plan").is_visible()
    assert_no_error(page)
    page.screenshot(path=str(ARTIFACTS / "education_student.png"), full_page=True)
