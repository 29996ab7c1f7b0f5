(function () {
  'use strict';
  var data = JSON.parse(document.getElementById('coverage-data').textContent);
  var labels = data.labels;
  var head = document.getElementById('head');
  var body = document.getElementById('rows');
  var filter = document.getElementById('filter');
  var missingOnly = document.getElementById('missing-only');
  var expand = document.getElementById('expand');
  var showing = document.getElementById('showing');
  var sort = { column: -1, descending: false };
  var expanded = false;

  function format(text) {
    var args = Array.prototype.slice.call(arguments, 1);
    return text.replace(/\{(\d+)\}/g, function (all, i) { return String(args[Number(i)]); });
  }

  function element(tag, className, text) {
    var node = document.createElement(tag);
    if (className) { node.className = className; }
    if (text !== undefined && text !== null) { node.textContent = text; }
    return node;
  }

  function missingCount(requirement) {
    return requirement.cells.filter(function (c) { return c && c.status === 'missing'; }).length;
  }

  function detailFor(cell) {
    var detail = element('div', 'detail');
    if (cell.status === 'missing') {
      detail.appendChild(element('div', null, cell.hint || ''));
      return detail;
    }
    detail.appendChild(element('div', 'label', format(labels.matches, cell.matches.length)));
    var list = element('ul');
    cell.matches.forEach(function (m) {
      var item = element('li');
      item.appendChild(element('strong', null, m.name + '@' + m.version + ' '));
      item.appendChild(element('span', 'hash', (m.hash || '').slice(0, 12)));
      item.appendChild(document.createTextNode(' ' + m.platform + '-' + m.os + '-' + m.target));
      item.appendChild(element('div', null, labels.compiler + ': ' + m.compiler));
      item.appendChild(element('div', null, labels.variants + ': ' + (m.variants.join(' ') || '—')));
      item.appendChild(element('div', null, labels.stacks + ': ' + (m.stacks.join(', ') || '—')));
      if (m.tag) { item.appendChild(element('div', null, labels.tag + ': ' + m.tag)); }
      if (m.dependencies && m.dependencies.length) { item.appendChild(element('div', null, labels.dependencies + ': ' + m.dependencies.join(', '))); }
      list.appendChild(item);
    });
    detail.appendChild(list);
    if (cell.unverified && cell.unverified.length) {
      detail.appendChild(element('div', 'label', labels.unverified + ': ' + cell.unverified.join(', ')));
    }
    return detail;
  }

  function toggle(td, cell, open) {
    var existing = td.querySelector('.detail');
    var show = open === undefined ? !existing : open;
    if (existing && !show) { existing.remove(); }
    if (!existing && show) { td.appendChild(detailFor(cell)); }
    td.querySelector('.cell').setAttribute('aria-expanded', String(show));
  }

  function buildHead() {
    var columns = [labels.requirement].concat(data.arches).concat([labels.covered]);
    columns.forEach(function (name, index) {
      var th = element('th', null, name);
      th.setAttribute('scope', 'col');
      th.tabIndex = 0;
      var sortBy = function () {
        sort.descending = sort.column === index ? !sort.descending : false;
        sort.column = index;
        render();
      };
      th.addEventListener('click', sortBy);
      th.addEventListener('keydown', function (e) {
        if (e.key === 'Enter' || e.key === ' ') { e.preventDefault(); sortBy(); }
      });
      head.appendChild(th);
    });
  }

  function sortKey(requirement, column) {
    if (column === 0) { return requirement.text.toLowerCase(); }
    if (column === data.arches.length + 1) {
      var present = requirement.cells.filter(function (c) { return c; }).length;
      return present === 0 ? 0 : (present - missingCount(requirement)) / present;
    }
    var cell = requirement.cells[column - 1];
    return cell ? (cell.status === 'covered' ? 2 : 1) : 0;
  }

  function visible(requirement) {
    if (missingOnly.checked && missingCount(requirement) === 0) { return false; }
    var query = filter.value.trim().toLowerCase();
    if (!query) { return true; }
    var text = [requirement.text, requirement.stack || ''].concat(requirement.cells.map(function (c) { return c ? c.cell + ' ' + (c.hint || '') : ''; })).join(' ').toLowerCase();
    return text.indexOf(query) >= 0;
  }

  function render() {
    var requirements = data.requirements.slice();
    if (sort.column >= 0) {
      requirements.sort(function (a, b) {
        var x = sortKey(a, sort.column), y = sortKey(b, sort.column);
        var order = x < y ? -1 : x > y ? 1 : a.index - b.index;
        return sort.descending ? -order : order;
      });
    }
    Array.prototype.forEach.call(head.children, function (th, index) {
      if (index === sort.column) { th.setAttribute('aria-sort', sort.descending ? 'descending' : 'ascending'); } else { th.removeAttribute('aria-sort'); }
    });
    while (body.firstChild) { body.removeChild(body.firstChild); }
    var shown = 0;
    requirements.forEach(function (requirement) {
      if (!visible(requirement)) { return; }
      shown++;
      var missing = missingCount(requirement);
      var tr = element('tr', missing > 0 ? 'has-missing' : null);
      var name = element('td', 'requirement');
      name.appendChild(element('code', null, requirement.text));
      if (requirement.stack) { name.appendChild(element('span', 'stack', requirement.stack)); }
      tr.appendChild(name);
      requirement.cells.forEach(function (cell) {
        if (!cell) { tr.appendChild(element('td', 'none', '—')); return; }
        var td = element('td', cell.status);
        var button = element('button', 'cell', cell.cell);
        button.type = 'button';
        button.setAttribute('aria-expanded', 'false');
        button.addEventListener('click', function () { toggle(td, cell); });
        td.appendChild(button);
        // With a baseline: what this change did to the row, at a glance.
        if (cell.baseline === 'new-missing' || cell.baseline === 'added') { td.appendChild(element('span', 'baseline new-gap', labels.newGap)); }
        if (cell.baseline === 'fixed') { td.appendChild(element('span', 'baseline fixed', labels.fixed)); }
        tr.appendChild(td);
        if (expanded) { toggle(td, cell, true); }
      });
      var present = requirement.cells.filter(function (c) { return c; }).length;
      tr.appendChild(element('td', 'count', (present - missing) + ' / ' + present));
      body.appendChild(tr);
    });
    showing.textContent = format(labels.showing, shown, data.requirements.length);
    document.body.setAttribute('data-shown', String(shown));
  }

  // The address can preset the view, e.g. coverage.html#missing&expanded&sort=covered&desc:
  // missing = only requirements with missing binaries, expanded = every cell open,
  // sort=requirement|covered|<arch> (desc = descending).
  var options = decodeURIComponent(window.location.hash.replace(/^#/, '')).split('&');
  expanded = options.indexOf('expanded') >= 0;
  missingOnly.checked = options.indexOf('missing') >= 0;
  options.forEach(function (option) {
    if (option.indexOf('sort=') !== 0) { return; }
    var name = option.slice(5);
    var index = name === 'requirement' ? 0 : name === 'covered' ? data.arches.length + 1 : data.arches.indexOf(name) + 1;
    if (index > 0 || name === 'requirement') { sort.column = index; sort.descending = options.indexOf('desc') >= 0; }
  });
  data.requirements.forEach(function (requirement, index) { requirement.index = index; });
  filter.placeholder = labels.filter;
  filter.setAttribute('aria-label', labels.filter);
  document.getElementById('missing-only-label').textContent = labels.missingOnly;
  expand.textContent = expanded ? labels.collapseAll : labels.expandAll;
  filter.addEventListener('input', render);
  missingOnly.addEventListener('change', render);
  expand.addEventListener('click', function () {
    expanded = !expanded;
    expand.textContent = expanded ? labels.collapseAll : labels.expandAll;
    render();
  });
  buildHead();
  render();
  document.getElementById('controls').hidden = false;
  document.getElementById('matrix').hidden = false;

  var cells = [].concat.apply([], data.requirements.map(function (r) { return r.cells.filter(function (c) { return c; }); }));
  document.body.setAttribute('data-requirements', String(data.requirements.length));
  document.body.setAttribute('data-covered-cells', String(cells.filter(function (c) { return c.status === 'covered'; }).length));
  document.body.setAttribute('data-missing-cells', String(cells.filter(function (c) { return c.status === 'missing'; }).length));
  document.body.setAttribute('data-missing-rows', String(body.querySelectorAll('tr.has-missing').length));
  document.body.setAttribute('data-new-gap-cells', String(body.querySelectorAll('.baseline.new-gap').length));
  document.body.setAttribute('data-fixed-cells', String(body.querySelectorAll('.baseline.fixed').length));
  document.body.setAttribute('data-ready', 'true');
}());
