/* The Gantt chart's disclosure buttons (schedule/_gantt.html).
   A summary task's descendants sit in one element (.gantt-group) right after its row; its
   button shows or hides that element and says so in aria-expanded. Listeners live on the
   document, so charts swapped in later by htmx work without setting anything up again, and
   the script may be included more than once. Nothing is remembered between page loads. */
(function () {
  "use strict";
  if (window.pmoGanttReady) {
    return;
  }
  window.pmoGanttReady = true;

  function setExpanded(button, expanded) {
    var group = document.getElementById(button.getAttribute("aria-controls"));
    button.setAttribute("aria-expanded", expanded ? "true" : "false");
    if (group) {
      group.hidden = !expanded;
    }
  }

  document.addEventListener("click", function (event) {
    var target = event.target;
    if (!(target instanceof Element)) {
      return;
    }
    var toggle = target.closest(".gantt-toggle");
    if (toggle) {
      setExpanded(toggle, toggle.getAttribute("aria-expanded") !== "true");
      return;
    }
    var action = target.closest("[data-gantt-action]");
    if (action) {
      var chart = action.closest(".gantt");
      var expand = action.getAttribute("data-gantt-action") === "expand-all";
      if (chart) {
        chart.querySelectorAll(".gantt-toggle").forEach(function (button) {
          setExpanded(button, expand);
        });
      }
    }
  });
})();
