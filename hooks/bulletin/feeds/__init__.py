"""Feeds: what units subscribe to — RSS 2.0 and Atom 1.0 per language, for the whole bulletin,
each unit and each topic; the Subscribe page and the OPML lists (an extension of the site).

    channels        the channels, their items and rendering (feedgen), the Subscribe page
    opml            one OPML file per language

Public names: :func:`channels.feed_dir`, :func:`channels.render`.
"""
