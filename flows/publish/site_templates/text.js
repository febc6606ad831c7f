// The text pages' highlighter (site/texts/*.html set TEXT, then load this file).
// The text as a JSON string (not HTML): the HTML parser would fold "\r\n" and drop a leading
// newline, shifting the offsets. Offsets in the address (#c<start>-<end>) are Python string
// indices (code points); JavaScript indexes UTF-16 units, so they are converted here.
function units(text, cp) { var i = 0, n = 0; while (n < cp && i < text.length) { var c = text.charCodeAt(i); i += (c >= 0xD800 && c <= 0xDBFF) ? 2 : 1; n++; } return i; }
function show() {
  var pre = document.getElementById("text"), m = /^#c(\d+)-(\d+)$/.exec(location.hash);
  pre.textContent = "";
  if (!m) { pre.textContent = TEXT; return; }
  var a = units(TEXT, +m[1]), b = units(TEXT, +m[2]), mark = document.createElement("mark");
  mark.id = "hit"; mark.textContent = TEXT.slice(a, b);
  pre.append(TEXT.slice(0, a), mark, TEXT.slice(b));
  document.getElementById("where").textContent = "Characters 字符 " + m[1] + "–" + m[2] + ": " + mark.textContent;
  mark.scrollIntoView({block: "center"});
}
window.addEventListener("hashchange", show);
show();
