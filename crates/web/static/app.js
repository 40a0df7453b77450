// Every page: '/' focuses the search box (or opens 指标检索).
document.addEventListener('keydown', function (e) {
  if (e.key === '/' && !/INPUT|TEXTAREA|SELECT/.test(document.activeElement.tagName)) {
    var q = document.querySelector('input[type=search]');
    if (q) { e.preventDefault(); q.focus(); q.select(); } else { location.href = '/search'; }
  }
});
