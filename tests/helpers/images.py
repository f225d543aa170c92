"""Image files for the media library's tests: real ones made with Pillow, and hostile ones crafted byte by byte
(headers that declare huge sizes, truncations, polyglots)."""

import io
import struct
import zlib

from PIL import Image


def picture(width: int = 64, height: int = 48, format: str = "PNG", mode: str = "RGB", **options) -> bytes:
    """A real image: a colour gradient (so lossy formats have something to keep)."""
    image = Image.new(mode, (width, height))
    if mode in ("RGB", "RGBA"):
        image.putdata(
            [((x * 255) // max(width - 1, 1), (y * 255) // max(height - 1, 1), 128) + ((255,) if mode == "RGBA" else ())
             for y in range(height) for x in range(width)]
        )  # fmt: skip
    output = io.BytesIO()
    image.save(output, format=format, **options)
    return output.getvalue()


def jpeg_with_gps(width: int = 64, height: int = 48, orientation: int = 1) -> bytes:
    """A JPEG whose EXIF names a camera, a GPS position and an orientation."""
    exif = Image.Exif()
    exif[0x010F] = "Camera maker"  # Make
    exif[0x0112] = orientation
    exif[0x8825] = {1: "N", 2: (51.0, 30.0, 0.0), 3: "W", 4: (0.0, 7.0, 0.0)}  # GPSInfo: a position in London
    return picture(width, height, "JPEG", exif=exif.tobytes())


def animated_gif(frames: int = 3) -> bytes:
    images = [Image.new("RGB", (16, 16), colour) for colour in ("red", "green", "blue")[:frames]]
    output = io.BytesIO()
    images[0].save(output, format="GIF", save_all=True, append_images=images[1:], duration=100, loop=0)
    return output.getvalue()


def _png_chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def png_bomb(width: int = 50_000, height: int = 50_000) -> bytes:
    """A PNG header declaring width × height pixels, with a few bytes of data: 10 GB decoded at 50,000²."""
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n" + _png_chunk(b"IHDR", header) + _png_chunk(b"IDAT", zlib.compress(b"\0" * 64))
        + _png_chunk(b"IEND", b"")
    )  # fmt: skip


def gif_bomb(width: int = 65_535, height: int = 65_535) -> bytes:
    """A GIF whose screen and first frame declare width × height (GIF's largest: 65,535²)."""
    screen = b"GIF89a" + struct.pack("<HHBBB", width, height, 0x80, 0, 0) + b"\0\0\0\xff\xff\xff"
    frame = b"\x2c" + struct.pack("<HHHHB", 0, 0, width, height, 0) + b"\x02\x02\x44\x01\x00"
    return screen + frame + b"\x3b"


def jpeg_bomb(width: int = 65_000, height: int = 65_000) -> bytes:
    """A JPEG whose frame header (SOF0) declares width × height, then a scan header and the end."""
    components = b"".join(bytes([index, 0x11, 0]) for index in (1, 2, 3))
    frame = b"\xff\xc0" + struct.pack(">HBHHB", 8 + len(components), 8, height, width, 3) + components
    scan = b"\xff\xda" + struct.pack(">HB", 12, 3) + b"\x01\x00\x02\x11\x03\x11" + b"\x00\x3f\x00"
    return b"\xff\xd8" + frame + scan + b"\x00" * 16 + b"\xff\xd9"


def webp_bomb(width: int = 16_384, height: int = 16_384) -> bytes:
    """A lossless WebP (VP8L) whose header declares width × height (WebP's largest: 16,384²), with no pixel data."""
    bits = (width - 1) | ((height - 1) << 14)  # 14 bits each; then alpha hint and a version of 0
    bitstream = b"\x2f" + struct.pack("<I", bits) + b"\x00" * 8
    chunk = b"VP8L" + struct.pack("<I", len(bitstream)) + bitstream
    return b"RIFF" + struct.pack("<I", 4 + len(chunk)) + b"WEBP" + chunk


SVG = (
    b'<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10">'
    b"<script>alert(document.cookie)</script><rect width='10' height='10'/></svg>"
)
HTML = b"<html><body><script>alert(document.cookie)</script></body></html>"


def stored_names(storage, directory: str = "") -> list[str]:
    """Every file in the storage (recursively), e.g. to see that a refused upload stored nothing."""
    if directory and not storage.exists(directory):
        return []
    directories, files = storage.listdir(directory)
    names = [f"{directory}/{name}".lstrip("/") for name in files]
    for name in directories:
        names += stored_names(storage, f"{directory}/{name}".lstrip("/"))
    return names


def empty_storage(storage) -> None:
    for name in stored_names(storage):
        storage.delete(name)
