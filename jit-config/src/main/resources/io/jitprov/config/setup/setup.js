// The setup pages work without this script; it adds copy buttons and reading a metadata file into the form.
function jitSelectAndCopy(element) {
  var range = document.createRange();
  range.selectNodeContents(element);
  var selection = window.getSelection();
  selection.removeAllRanges();
  selection.addRange(range);
  return document.execCommand('copy');
}
document.addEventListener('click', function (event) {
  var button = event.target.closest('button[data-copy]');
  if (!button) { return; }
  var element = document.getElementById(button.getAttribute('data-copy'));
  var done = function () {
    var original = button.getAttribute('data-label') || button.textContent;
    button.setAttribute('data-label', original);
    button.textContent = button.getAttribute('data-copied');
    document.getElementById('copy-status').textContent = button.getAttribute('data-copied');
    setTimeout(function () { button.textContent = original; }, 2000);
  };
  var fallback = function () { if (jitSelectAndCopy(element)) { done(); } };
  if (navigator.clipboard && window.isSecureContext) {
    navigator.clipboard.writeText(element.textContent).then(done, fallback);
  } else {
    fallback();
  }
});
document.addEventListener('change', function (event) {
  var input = event.target;
  if (!input.matches('input[type=file][data-fills]') || !input.files.length) { return; }
  var reader = new FileReader();
  reader.onload = function () { document.getElementById(input.getAttribute('data-fills')).value = reader.result; };
  reader.readAsText(input.files[0]);
});
