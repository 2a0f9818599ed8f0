// Picks an organization of the directory as you type (WAI-ARIA combobox with a listbox popup).
// Without JavaScript the form still works: its submit searches the directory and the page offers the matches.
// Markup: <div data-organization-picker data-id-name="PartnerId" data-found-one="…{0}…" data-found-other="…{0}…" data-found-none="…">
//           <label for="x">…</label><input id="x" name="…"></div>
(() => {
  const pickers = document.querySelectorAll("[data-organization-picker]");
  let counter = 0;

  for (const picker of pickers) {
    const input = picker.querySelector("input[type=text], input:not([type])");
    if (!input) continue;
    const n = ++counter;
    const list = document.createElement("ul");
    list.id = `${input.id}-listbox`;
    list.className = "picker-list";
    list.setAttribute("role", "listbox");
    const label = picker.querySelector(`label[for='${input.id}']`);
    if (label) {
      label.id ||= `${input.id}-label`;
      list.setAttribute("aria-labelledby", label.id);
    }
    list.hidden = true;
    const status = document.createElement("p");
    status.className = "visually-hidden";
    status.setAttribute("role", "status");
    // The chosen organization travels as its id; disabled (not sent) until one is picked, so that a no-script choice list still decides.
    const chosen = document.createElement("input");
    chosen.type = "hidden";
    chosen.name = picker.dataset.idName;
    chosen.disabled = true;
    picker.append(list, status, chosen);

    input.setAttribute("role", "combobox");
    input.setAttribute("aria-autocomplete", "list");
    input.setAttribute("aria-expanded", "false");
    input.setAttribute("aria-controls", list.id);
    input.setAttribute("autocomplete", "off");

    let options = [];
    let active = -1;
    let timer = 0;
    let inFlight = null;

    const say = (count) => {
      const template = count === 0 ? picker.dataset.foundNone : count === 1 ? picker.dataset.foundOne : picker.dataset.foundOther;
      status.textContent = (template || "").replace("{0}", String(count));
    };

    const close = () => {
      list.hidden = true;
      input.setAttribute("aria-expanded", "false");
      input.removeAttribute("aria-activedescendant");
      active = -1;
    };

    const highlight = (index) => {
      options.forEach((option, i) => option.setAttribute("aria-selected", String(i === index)));
      active = index;
      if (index < 0) {
        input.removeAttribute("aria-activedescendant");
        return;
      }
      input.setAttribute("aria-activedescendant", options[index].id);
      options[index].scrollIntoView({ block: "nearest" });
    };

    const choose = (option) => {
      input.value = option.dataset.name;
      chosen.value = option.dataset.id;
      chosen.disabled = false;
      close();
      input.focus();
    };

    const show = (items) => {
      list.replaceChildren();
      options = items.map((item, i) => {
        const option = document.createElement("li");
        option.id = `picker-${n}-option-${i}`;
        option.setAttribute("role", "option");
        option.setAttribute("aria-selected", "false");
        option.dataset.id = String(item.id);
        option.dataset.name = item.name;
        const name = document.createElement("span");
        name.textContent = item.acronym && item.acronym !== item.name ? `${item.name} (${item.acronym})` : item.name;
        option.append(name);
        if (item.city) {
          const city = document.createElement("span");
          city.className = "picker-place";
          city.textContent = item.city;
          option.append(city);
        }
        // mousedown, not click: the input keeps its focus.
        option.addEventListener("mousedown", (event) => {
          event.preventDefault();
          choose(option);
        });
        return option;
      });
      list.append(...options);
      list.hidden = options.length === 0;
      input.setAttribute("aria-expanded", String(options.length > 0));
      active = -1;
      say(options.length);
    };

    const search = async () => {
      const text = input.value.trim();
      if (text.length < 2) {
        show([]);
        status.textContent = "";
        return;
      }
      inFlight?.abort();
      const request = new AbortController();
      inFlight = request;
      try {
        const response = await fetch(`/api/v1/organizations?q=${encodeURIComponent(text)}&pageSize=8`, { signal: request.signal, headers: { Accept: "application/json" } });
        if (!response.ok) return;
        const page = await response.json();
        if (inFlight === request) show(page.items || []);
      } catch (error) {
        if (error.name !== "AbortError") throw error;
      }
    };

    input.addEventListener("input", () => {
      // A new text is a new search: the organization picked before no longer stands.
      chosen.value = "";
      chosen.disabled = true;
      clearTimeout(timer);
      timer = setTimeout(search, 200);
    });

    input.addEventListener("keydown", (event) => {
      const open = !list.hidden && options.length > 0;
      if (event.key === "ArrowDown") {
        event.preventDefault();
        if (!open) {
          search();
          return;
        }
        highlight(active + 1 >= options.length ? 0 : active + 1);
      } else if (event.key === "ArrowUp" && open) {
        event.preventDefault();
        highlight(active <= 0 ? options.length - 1 : active - 1);
      } else if (event.key === "Enter" && open && active >= 0) {
        // Enter picks the highlighted organization; it submits the form only once the list is closed.
        event.preventDefault();
        choose(options[active]);
      } else if (event.key === "Escape" && open) {
        event.preventDefault();
        close();
      }
    });

    input.addEventListener("blur", () => setTimeout(close, 100));
  }
})();
