"""Fonts for figures in another language: Chinese in a plot needs a CJK font, never empty boxes.

matplotlib draws each character with the first font in ``font.family`` that has it, and text
inside ``$...$`` math with the first font only: so the language's font goes *first* (its Latin
letters and digits are fine), the usual font after it. :func:`use_fonts_for` does that when a
language is chosen; if no font of the language is installed, figures stay in English.
"""

from __future__ import annotations

#: Fonts that draw Simplified Chinese, best first: Noto Sans CJK SC (Debian/Ubuntu
#: ``fonts-noto-cjk``, Binder's ``apt.txt``), Source Han Sans SC (the same font under Adobe's
#: name), then what macOS and Windows ship.
LANGUAGE_FONTS: dict[str, tuple[str, ...]] = {
    "zh_CN": (
        "Noto Sans CJK SC",
        "Source Han Sans SC",
        "WenQuanYi Zen Hei",
        "PingFang SC",
        "Microsoft YaHei",
        "SimHei",
    ),
}

#: How to install a font for a language, said when none is found.
INSTALL_COMMANDS: dict[str, str] = {
    "zh_CN": "sudo apt install fonts-noto-cjk",
}


def installed_font(language: str) -> str | None:
    """The first of :data:`LANGUAGE_FONTS` for ``language`` that matplotlib can use, or None
    (also None for a language whose letters every font has, such as English)."""
    from matplotlib import font_manager

    wanted = LANGUAGE_FONTS.get(language, ())
    if not wanted:
        return None
    installed = {font.name for font in font_manager.fontManager.ttflist}
    return next((name for name in wanted if name in installed), None)


def use_fonts_for(language: str) -> bool:
    """Put ``language``'s font first in matplotlib's ``font.family``; return whether figures
    can show the language (always True for a language that needs no special font)."""
    import matplotlib

    if language not in LANGUAGE_FONTS:
        return True
    font = installed_font(language)
    if font is None:
        return False
    family = [f for f in matplotlib.rcParams["font.family"] if f != font]
    if "sans-serif" in family:  # the family's fonts come after ours
        family.remove("sans-serif")
    matplotlib.rcParams["font.family"] = [font, *family, "sans-serif"]
    return True
