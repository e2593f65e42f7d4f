/* Paging and collapsing the task table in place (schedule/_task_window.html).
   htmx swaps the window whole, so the link that was used is replaced: keyboard focus goes
   back to the link of the same id in the new window (the same summary task's toggle, the
   next-page link), else to the table's scrolling region. The status line above the table,
   an aria-live region, says which rows are shown. */
(function () {
  "use strict";
  if (window.pmoTaskWindowReady) {
    return;
  }
  window.pmoTaskWindowReady = true;
  var pending = null;

  document.addEventListener("htmx:beforeRequest", function (event) {
    var source = event.detail && event.detail.elt;
    if (source && source.closest && source.closest("#task-window")) {
      pending = source.id || "";
    }
  });

  document.addEventListener("htmx:load", function (event) {
    var loaded = event.target;
    if (pending === null || !(loaded instanceof Element) || loaded.id !== "task-window") {
      return;
    }
    var focus = (pending && document.getElementById(pending)) ||
      loaded.querySelector(".schedule-table-wrap");
    pending = null;
    if (focus) {
      focus.focus();
    }
  });
})();
