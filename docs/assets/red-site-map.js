/* The red-site map (only on pages of a site with a 天地图 key): Leaflet over 天地图's vector
   tiles and labels, markers from map.json, clustered. On a touch screen the map stays still
   until tapped, so a finger scrolling the page is never caught by it. */
(function () {
  "use strict";
  var view = document.querySelector("[data-sk-map]");
  if (!view || !window.L) return;
  var tk = view.getAttribute("data-sk-tk");
  var root = view.getAttribute("data-sk-root") || ".";
  if (root.slice(-1) !== "/") root += "/"; // the site's root, relative to this page
  var center = view.getAttribute("data-sk-center");
  var touch = window.matchMedia("(pointer: coarse)").matches;

  var map = L.map(view, {
    keyboard: true,
    scrollWheelZoom: false, // the wheel scrolls the page; + and − zoom
    dragging: !touch,
    tap: false,
    attributionControl: true
  });
  map.attributionControl.setPrefix('<a href="https://leafletjs.com/">Leaflet</a>');

  function layer(name) {
    return L.tileLayer(
      "https://t{s}.tianditu.gov.cn/" + name + "_w/wmts?SERVICE=WMTS&REQUEST=GetTile&VERSION=1.0.0" +
        "&LAYER=" + name + "&STYLE=default&TILEMATRIXSET=w&FORMAT=tiles" +
        "&TILEMATRIX={z}&TILEROW={y}&TILECOL={x}&tk=" + encodeURIComponent(tk),
      { subdomains: "01234567", maxZoom: 18, minZoom: 3,
        attribution: '© <a href="https://www.tianditu.gov.cn/">天地图</a>' }
    );
  }
  layer("vec").addTo(map);
  var labels = layer("cva");
  labels.options.attribution = "";
  labels.addTo(map);

  if (center) {
    var p = center.split(",");
    map.setView([+p[1], +p[0]], 11);
  } else {
    map.setView([35.5, 104], 4);
  }

  var box = view.parentNode;
  var activate = box.querySelector(".sk-map__activate");
  if (touch && activate) {
    box.classList.add("sk-map--still");
    activate.addEventListener("click", function () {
      map.dragging.enable();
      map.touchZoom.enable();
      box.classList.remove("sk-map--still");
    });
  } else if (activate) {
    activate.remove();
  }
  if (touch) map.touchZoom.disable();

  function popup(props) {
    var div = document.createElement("div");
    var b = document.createElement("strong");
    b.textContent = props.name;
    div.appendChild(b);
    if (props.kind) {
      var k = document.createElement("span");
      k.className = "sk-map__kind";
      k.textContent = "（" + props.kind + "）";
      div.appendChild(k);
    }
    var a = document.createElement("a");
    a.href = root + props.url;
    a.textContent = "查看详情";
    div.appendChild(document.createElement("br"));
    div.appendChild(a);
    return div;
  }

  fetch(view.getAttribute("data-sk-map"))
    .then(function (r) { return r.json(); })
    .then(function (data) {
      var cluster = L.markerClusterGroup({ showCoverageOnHover: false, maxClusterRadius: 50, chunkedLoading: true });
      var here = null, markers = [];
      data.features.forEach(function (f) {
        var c = f.geometry.coordinates;
        var m = L.marker([c[1], c[0]], { title: f.properties.name, alt: f.properties.name, keyboard: true });
        m.bindPopup(popup(f.properties));
        markers.push(m);
        if (center && c.join(",") === center.split(",").map(Number).join(",")) here = m;
      });
      cluster.addLayers(markers); // in bulk: much faster than one by one at 1,000 sites
      map.addLayer(cluster);
      if (!center && data.features.length) map.fitBounds(cluster.getBounds(), { padding: [20, 20], maxZoom: 12 });
      view.setAttribute("data-sk-ready", String(data.features.length));
      if (here) cluster.zoomToShowLayer(here, function () {});
    });
})();
