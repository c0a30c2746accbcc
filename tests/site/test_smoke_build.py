def test_seed_site_builds_both_languages(seed_site):
    assert seed_site.exists("index.html")
    assert seed_site.exists("en/index.html")
