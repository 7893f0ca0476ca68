// Shows KPI search results as you type. Without JavaScript the search form is
// submitted normally and the page comes back with the same results.
(function () {
  const input = document.getElementById('q');
  const results = document.getElementById('kpi-results');
  if (!input || !results || !window.fetch) return;
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
      if (!response.ok || asked !== latest) return;
      const holder = document.createElement('div');
      holder.innerHTML = await response.text();
      const fresh = holder.querySelector('#kpi-results');
      if (fresh) results.replaceWith(fresh);
      if (hidden) hidden.value = query;
    }, 250);
  });
})();
