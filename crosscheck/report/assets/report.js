/* crosscheck's report view: a finding selects and flashes all its evidence marks, an
   evidence chip or a mark jumps to the other side, filters hide findings and their marks.
   `check --format html` inlines this file; the web page serves it and calls
   crosscheckReport.init(section) on each report it shows. No document text is ever
   written here: the server escaped it into the section. */
(function () {
  "use strict";
  var smooth = !(window.matchMedia && window.matchMedia("(prefers-reduced-motion: reduce)").matches);

  function init(section) {
    if (!section || section.getAttribute("data-cc-ready")) return;
    section.setAttribute("data-cc-ready", "1");

    function marksOf(index) {
      return section.querySelectorAll('mark.cc-m[data-f~="' + index + '"]');
    }
    function show(element, block) {
      if (element) element.scrollIntoView({ block: block, inline: "nearest", behavior: smooth ? "smooth" : "auto" });
    }
    function flash(mark) {
      mark.classList.remove("cc-flash");
      void mark.offsetWidth; // restart the animation
      mark.classList.add("cc-flash");
    }
    function select(item, target) {
      section.querySelectorAll(".cc-finding.cc-selected").forEach(function (x) { x.classList.remove("cc-selected"); });
      section.querySelectorAll("mark.cc-active").forEach(function (m) { m.classList.remove("cc-active", "cc-flash"); });
      item.classList.add("cc-selected");
      var marks = marksOf(item.getAttribute("data-f"));
      marks.forEach(function (m) { m.classList.add("cc-active"); flash(m); });
      show(target || marks[0], "center");
    }

    section.addEventListener("click", function (event) {
      var chip = event.target.closest("a.cc-ev");
      var item = event.target.closest(".cc-finding");
      if (chip && item) {
        event.preventDefault();
        var offset = chip.getAttribute("data-o");
        var mark = section.querySelector('mark.cc-m[data-o="' + offset + '"][data-f~="' + item.getAttribute("data-f") + '"]');
        select(item, mark);
        return;
      }
      if (item) {
        if (event.target.closest("summary")) return; // opening "why" is not a jump
        select(item);
        return;
      }
      var hit = event.target.closest("mark.cc-m");
      if (hit && !hit.classList.contains("cc-muted")) {
        var ids = hit.getAttribute("data-f").split(" ");
        for (var i = 0; i < ids.length; i++) {
          var found = section.querySelector('.cc-finding[data-f="' + ids[i] + '"]');
          if (found && !found.hidden) {
            select(found, hit);
            show(found, "nearest");
            return;
          }
        }
      }
    });

    var form = section.querySelector(".cc-filters");
    if (form) {
      form.addEventListener("change", function () {
        var allowed = { sev: {}, family: {} };
        form.querySelectorAll("input[data-filter]").forEach(function (box) {
          if (box.checked) allowed[box.getAttribute("data-filter")][box.value] = true;
        });
        var visible = {};
        var any = false;
        section.querySelectorAll(".cc-finding").forEach(function (item) {
          var on = allowed.sev[item.getAttribute("data-sev")] && allowed.family[item.getAttribute("data-family")];
          item.hidden = !on;
          if (on) { visible[item.getAttribute("data-f")] = true; any = true; }
        });
        section.querySelectorAll("mark.cc-m").forEach(function (mark) {
          var keep = mark.getAttribute("data-f").split(" ").some(function (f) { return visible[f]; });
          mark.classList.toggle("cc-muted", !keep);
        });
        var none = section.querySelector(".cc-filtered-out");
        if (none) none.hidden = any;
      });
    }
  }

  window.crosscheckReport = { init: init };
  document.querySelectorAll(".cc-report").forEach(init);
})();
