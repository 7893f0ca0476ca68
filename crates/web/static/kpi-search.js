// Shows KPI search results as you type. Without JavaScript the search form is
// submitted normally and the page comes back with the same results.
//
// The status line and the list stay the same elements for the life of the page and
// only their contents change: a screen reader announces a live region that changes,
// not one that is replaced, and a replaced element would leave this script holding
// one that is no longer on the page.
(function () {
  const input = document.getElementById('q');
  const status = document.getElementById('kpi-status');
  const hits = document.getElementById('kpi-hits');
  if (!input || !status || !hits || !window.fetch) return;
  const hidden = document.querySelector('form[method="post"] input[name="q"]');
  let timer = null;
  let latest = 0;
  input.addEventListener('input', function () {
    clearTimeout(timer);
    timer = setTimeout(async function () {
      const asked = ++latest;
      const query = input.value;
      const response = await fetch(input.dataset.results + '?q=' + encodeURIComponent(query), {
        credentials: 'same-origin',
      });
      if (!response.ok) return;
      const html = await response.text();
      // An answer that arrives after a newer question is dropped.
      if (asked !== latest) return;
      const holder = document.createElement('template');
      holder.innerHTML = html;
      const freshHits = holder.content.getElementById('kpi-hits');
      const freshStatus = holder.content.getElementById('kpi-status');
      if (freshHits) hits.replaceChildren(...freshHits.childNodes);
      if (freshStatus) status.textContent = freshStatus.textContent;
      if (hidden) hidden.value = query;
    }, 250);
  });
})();
