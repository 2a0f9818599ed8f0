// Passkeys (ADR 021): asks the server for the WebAuthn options, lets the browser make or use a credential, and sends the
// browser's answer (JSON) with the form. Markup: <form data-passkey="create|get" data-options="URL" data-error="…" hidden>
// with <input type="hidden" name="Credential">, a <button type="button" data-passkey-start> and a [data-passkey-status]
// element; [data-passkey-unsupported] hides when it works. The button is not a submit button: the form goes only with a credential.
(() => {
  const supported = window.PublicKeyCredential && typeof PublicKeyCredential.parseCreationOptionsFromJSON === "function";
  if (!supported) return;
  for (const note of document.querySelectorAll("[data-passkey-unsupported]")) note.hidden = true;

  for (const form of document.querySelectorAll("form[data-passkey]")) {
    form.hidden = false;
    const field = form.querySelector("input[name=Credential]");
    const status = form.querySelector("[data-passkey-status]");
    form.querySelector("[data-passkey-start]").addEventListener("click", async () => {
      try {
        const body = new FormData();
        body.append("__RequestVerificationToken", form.querySelector("input[name=__RequestVerificationToken]").value);
        const response = await fetch(form.dataset.options, { method: "POST", body, credentials: "same-origin" });
        if (!response.ok) throw new Error(`options: ${response.status}`);
        const options = await response.json();
        const credential = form.dataset.passkey === "create"
          ? await navigator.credentials.create({ publicKey: PublicKeyCredential.parseCreationOptionsFromJSON(options) })
          : await navigator.credentials.get({ publicKey: PublicKeyCredential.parseRequestOptionsFromJSON(options) });
        field.value = JSON.stringify(credential);
        form.submit();
      } catch (error) {
        if (status) {
          status.textContent = form.dataset.error;
          status.hidden = false;
        }
      }
    });
  }
})();
