// On a phone the navigation folds behind the menu button; without JavaScript it stays open and wraps.
(() => {
  const button = document.querySelector(".menu-button");
  const nav = document.getElementById("site-nav");
  if (!button || !nav) return;
  document.documentElement.classList.add("js");
  button.hidden = false;
  button.addEventListener("click", () => {
    const open = button.getAttribute("aria-expanded") !== "true";
    button.setAttribute("aria-expanded", String(open));
    nav.classList.toggle("open", open);
  });
  document.addEventListener("keydown", (event) => {
    if (event.key !== "Escape" || button.getAttribute("aria-expanded") !== "true") return;
    button.setAttribute("aria-expanded", "false");
    nav.classList.remove("open");
    button.focus();
  });
})();

// Print buttons (the letters): a script file, since the Content-Security-Policy allows no inline handler.
document.querySelectorAll("button[data-print]").forEach((button) => button.addEventListener("click", () => window.print()));
