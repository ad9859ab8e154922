// The one thing on the site that needs JavaScript: copying a post's text. Everything else
// (navigation, the figures filter, the large-text view) works without it.
"use strict";
document.querySelectorAll("button.copy").forEach(function (button) {
  var label = button.textContent;
  button.hidden = false;
  button.addEventListener("click", function () {
    var source = document.getElementById(button.dataset.copy);
    var text = source.textContent;
    var done = "copyHtml" in button.dataset && window.ClipboardItem
      // the 公众号 editor takes formatted text: copy the article's HTML, with plain text beside it
      ? navigator.clipboard.write([new ClipboardItem({
          "text/html": new Blob([source.innerHTML], {type: "text/html"}),
          "text/plain": new Blob([source.innerText], {type: "text/plain"})})])
      : navigator.clipboard.writeText(text);
    done.then(function () {
      button.textContent = "已复制";
      setTimeout(function () { button.textContent = label; }, 2000);
    }, function () {
      button.textContent = "复制失败，请手动选择文字";
    });
  });
});
// Remember the large-text view from page to page (without JavaScript it is per page).
var toggle = document.getElementById("large-text");
if (toggle) {
  try {
    toggle.checked = localStorage.getItem("fanzha-large-text") === "1";
    toggle.addEventListener("change", function () {
      localStorage.setItem("fanzha-large-text", toggle.checked ? "1" : "0");
    });
  } catch (e) { /* storage unavailable: the toggle still works on this page */ }
}
