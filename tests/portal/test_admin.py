"""The admin the team works in all day."""

import re


def test_admin_pages_load_no_avatar_from_an_outside_service(admin_client, admin_user, home):
    admin_user.email = "editor@example.org"
    admin_user.save()
    for url in ("/admin/", f"/admin/pages/{home.pk}/", f"/admin/pages/{home.pk}/edit/"):
        html = admin_client.get(url).content.decode()
        assert "gravatar" not in html.lower(), url
        external = re.findall(r'<img[^>]+src="((?:https?:)?//[^"]+)"', html)
        assert external == [], (url, external)
