"""The demo's images, drawn here with Pillow (the project's own work, licensed with it): nothing downloaded, nothing
whose licence is unknown."""

import io

from PIL import Image, ImageDraw, ImageFont

WIDTH, HEIGHT = 1600, 900
STEPS = (
    ("Sunlight (UVB)", "on the skin\nmakes\nvitamin D"),
    ("Liver", "turns it into\n25-hydroxy-\nvitamin D"),
    ("Kidneys", "make the\nactive form,\ncalcitriol"),
    ("Gut", "absorbs\ncalcium\nfrom food"),
    ("Nerves and muscles", "fire normally\nwhen blood\ncalcium is\nnormal"),
)
INK, PAPER, BOX, ACCENT = (33, 37, 41), (255, 255, 255), (232, 241, 250), (0, 94, 162)


def vitamin_d_pathway() -> bytes:
    """A diagram of the path from sunlight to calcium for nerves and muscles, as a PNG."""
    image = Image.new("RGB", (WIDTH, HEIGHT), PAPER)
    draw = ImageDraw.Draw(image)
    title = ImageFont.load_default(size=54)
    heading = ImageFont.load_default(size=36)
    body = ImageFont.load_default(size=30)
    draw.text((WIDTH // 2, 90), "From sunlight to calm muscles: the vitamin D path", font=title, fill=INK, anchor="mm")
    box_width, gap, top, bottom = 270, 48, 230, 700
    left = (WIDTH - len(STEPS) * box_width - (len(STEPS) - 1) * gap) // 2
    for index, (name, text) in enumerate(STEPS):
        x = left + index * (box_width + gap)
        draw.rounded_rectangle((x, top, x + box_width, bottom), radius=24, fill=BOX, outline=ACCENT, width=5)
        draw.multiline_text((x + box_width // 2, top + 90), name.replace(" and ", "\nand "), font=heading,
                            fill=ACCENT, anchor="mm", align="center")  # fmt: skip
        draw.multiline_text((x + box_width // 2, top + 300), text, font=body, fill=INK, anchor="mm", align="center")
        if index < len(STEPS) - 1:
            arrow_y, start, end = (top + bottom) // 2, x + box_width + 6, x + box_width + gap - 6
            draw.line((start, arrow_y, end - 12, arrow_y), fill=ACCENT, width=8)
            draw.polygon(((end, arrow_y), (end - 18, arrow_y - 14), (end - 18, arrow_y + 14)), fill=ACCENT)
    draw.text((WIDTH // 2, 800), "Too little vitamin D: less calcium absorbed, nerves fire too easily, muscles twitch.",
              font=body, fill=INK, anchor="mm")  # fmt: skip
    output = io.BytesIO()
    image.save(output, format="PNG", optimize=True)
    return output.getvalue()
