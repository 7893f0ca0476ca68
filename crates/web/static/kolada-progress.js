// Keeps the Kolada job's progress line current while a job runs, and reloads the page
// when it ends so the counts and the record of fetches show the result. Without
// JavaScript the page has a link that reloads it.
(function () {
  var line = document.getElementById('kolada-job');
  if (!line || line.getAttribute('data-running') !== '1') return;
  function poll() {
    fetch('/arbeta/kolada/status', { credentials: 'same-origin', headers: { Accept: 'application/json' } })
      .then(function (answer) { return answer.ok ? answer.json() : null; })
      .then(function (status) {
        if (!status) return;
        if (status.text && line.textContent !== status.text) line.textContent = status.text;
        if (status.running) {
          setTimeout(poll, 1500);
        } else {
          window.location.replace('/arbeta/kolada');
        }
      })
      .catch(function () { setTimeout(poll, 5000); });
  }
  setTimeout(poll, 1500);
})();
