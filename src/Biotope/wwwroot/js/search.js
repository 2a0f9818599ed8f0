// Live directory search: the form works without JavaScript; with it, results and facet
// counts refresh as you type or tick a filter, and the URL stays shareable.
(() => {
  const form = document.querySelector("form[data-live-search]");
  if (!form) return;
  let timer = 0;
  let inFlight = null;

  const refresh = async () => {
    const params = new URLSearchParams(new FormData(form));
    for (const [key, value] of [...params.entries()]) if (value === "") params.delete(key);
    const url = `${form.action}?${params}`;
    inFlight?.abort();
    inFlight = new AbortController();
    try {
      const response = await fetch(url, { signal: inFlight.signal, headers: { Accept: "text/html" } });
      if (!response.ok) return;
      const focusedId = document.activeElement?.id;
      const page = new DOMParser().parseFromString(await response.text(), "text/html");
      for (const id of ["results", "facets"]) {
        const fresh = page.getElementById(id);
        const current = document.getElementById(id);
        if (fresh && current) current.replaceWith(fresh);
      }
      // Keep keyboard users where they were: the ticked filter was just replaced by its fresh copy.
      if (focusedId && document.activeElement === document.body) document.getElementById(focusedId)?.focus();
      document.title = page.title;
      history.replaceState(null, "", url);
    } catch (error) {
      if (error.name !== "AbortError") throw error;
    }
  };

  form.addEventListener("input", (event) => {
    if (event.target.name !== "q") return;
    clearTimeout(timer);
    timer = setTimeout(refresh, 200);
  });
  form.addEventListener("change", (event) => {
    if (event.target.name === "q") return;
    refresh();
  });
})();
