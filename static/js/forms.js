// One click, one action: a form that is being submitted takes no second submit, and its
// submit button says it is busy. htmx forms (hx-post) use hx-disabled-elt instead.
(function () {
  "use strict";

  function busy(button) {
    button.setAttribute("aria-disabled", "true");
    button.setAttribute("aria-busy", "true");
    // Disabled only once the browser has read the form: a disabled submitter would drop
    // its name and value (e.g. action=propose) from what is sent.
    window.setTimeout(function () {
      button.disabled = true;
    }, 0);
  }

  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!(form instanceof HTMLFormElement) || form.hasAttribute("hx-post")) {
      return;
    }
    if (form.dataset.submitting === "true") {
      event.preventDefault();
      return;
    }
    if (event.defaultPrevented || (form.method || "").toLowerCase() !== "post") {
      return;
    }
    form.dataset.submitting = "true";
    var submitter = event.submitter;
    if (submitter && (submitter.tagName === "BUTTON" || submitter.tagName === "INPUT")) {
      busy(submitter);
    }
  });

  // Back to a page kept by the browser (bfcache): its forms can be sent again.
  window.addEventListener("pageshow", function (event) {
    if (!event.persisted) {
      return;
    }
    document.querySelectorAll("form[data-submitting]").forEach(function (form) {
      delete form.dataset.submitting;
      form.querySelectorAll("[aria-busy='true']").forEach(function (button) {
        button.disabled = false;
        button.removeAttribute("aria-disabled");
        button.removeAttribute("aria-busy");
      });
    });
  });
})();
