// Live directory search: the form works without JavaScript; with it, results and facet
// counts refresh as you type or tick a filter, and the URL stays shareable.
(() => {
  const form = document.querySelector("form[data-live-search]");
  if (!form) return;
  let timer = 0;
  let inFlight = null;
  // Filters apply as soon as they change, so the "Apply filters" button is only needed without JavaScript.
  form.classList.add("is-live");

  // On a narrow screen the filters fold away behind their summary, so results come first.
  const filters = form.querySelector("details[data-filters]");
  const narrow = window.matchMedia("(max-width: 760px)");
  const fold = () => {
    if (filters) filters.open = !narrow.matches;
  };
  fold();
  narrow.addEventListener("change", fold);

  const status = document.getElementById("search-status");

  const refresh = async () => {
    const params = new URLSearchParams(new FormData(form));
    for (const [key, value] of [...params.entries()]) if (value === "") params.delete(key);
    const query = params.toString();
    const url = query ? `${form.action}?${query}` : form.action;
    inFlight?.abort();
    const request = new AbortController();
    inFlight = request;
    form.setAttribute("aria-busy", "true");
    try {
      const response = await fetch(url, { signal: request.signal, headers: { Accept: "text/html" } });
      if (!response.ok) return;
      const focusedId = document.activeElement?.id;
      const page = new DOMParser().parseFromString(await response.text(), "text/html");
      for (const id of ["results", "facets", "filter-count"]) {
        const fresh = page.getElementById(id);
        const current = document.getElementById(id);
        if (fresh && current) current.replaceWith(document.adoptNode(fresh));
      }
      // Keep keyboard users where they were: the ticked filter was just replaced by its fresh copy.
      if (focusedId && document.activeElement === document.body) document.getElementById(focusedId)?.focus();
      // The result list was replaced; announce its new size from a live region that stays in place.
      if (status) status.textContent = document.getElementById("result-count")?.textContent.replace(/\s+/g, " ").trim() ?? "";
      document.title = page.title;
      history.replaceState(null, "", url);
    } catch (error) {
      if (error.name !== "AbortError") throw error;
    } finally {
      if (inFlight === request) form.removeAttribute("aria-busy");
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
