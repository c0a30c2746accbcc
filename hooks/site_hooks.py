"""MkDocs hooks of the bulletin: thin entry points; the logic is in the `bulletin` package."""

import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))  # `mkdocs build` works without installing

from bulletin.site import events  # noqa: E402

on_startup = events.on_startup
on_shutdown = events.on_shutdown
on_config = events.on_config
on_pre_build = events.on_pre_build
on_files = events.on_files
on_nav = events.on_nav
on_page_markdown = events.on_page_markdown
on_page_context = events.on_page_context
on_page_content = events.on_page_content
on_post_page = events.on_post_page
on_post_template = events.on_post_template
on_env = events.on_env
on_post_build = events.on_post_build
on_build_error = events.on_build_error
on_serve = events.on_serve
