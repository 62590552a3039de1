/* access_map — interactive territory maps (part of the access_map Python package).
 *
 * AccessMap.render(map, P) draws a territory map from one payload P built by
 * access_map.maps.territory_layer: a compact TopoJSON of the areas, a table of their attributes,
 * exclusive "views" (choropleths sharing one set of polygons), overlays derived from the same
 * arcs (borders, merged perimeters, subsets), points, a title, a legend, a source line and a
 * search box. Every text of P was escaped by the Python side (access_map.maps.styles.esc) and is
 * inserted as HTML; numbers are formatted here with the French convention (Intl, fr-FR).
 * Needs Leaflet 1.9 and topojson-client 3.
 */
(function () {
  "use strict";
  var ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
  var DIGIT = {};
  for (var k = 0; k < ALPHABET.length; k++) DIGIT[ALPHABET.charAt(k)] = k;

  /* zigzag base-32 varints (see access_map.maps.topology.encode_topology) */
  function ints(text) {
    var out = [], z = 0, scale = 1;
    for (var i = 0; i < text.length; i++) {
      var d = DIGIT[text.charAt(i)];
      z += (d & 31) * scale;
      if (d & 32) { scale *= 32; continue; }
      out.push(z % 2 ? -(z + 1) / 2 : z / 2);
      z = 0; scale = 1;
    }
    return out;
  }

  function decodeTopology(enc, name) {
    var arcs = enc.arcs.map(function (t) {
      var f = ints(t), a = [];
      for (var i = 0; i < f.length; i += 2) a.push([f[i], f[i + 1]]);
      return a;
    });
    var geometries = enc.geometries.map(function (t, id) {
      var previous = 0;
      var polygons = t.split(";").map(function (p) {
        return p.split(",").map(function (r) {
          return ints(r).map(function (d) { previous += d; return previous; });
        });
      });
      return polygons.length === 1 ? {type: "Polygon", arcs: polygons[0], id: id}
                                   : {type: "MultiPolygon", arcs: polygons, id: id};
    });
    var objects = {};
    objects[name] = {type: "GeometryCollection", geometries: geometries};
    return {type: "Topology", transform: enc.transform, arcs: arcs, objects: objects};
  }

  var FORMATS = {};
  function fmt(v, decimals) {
    if (v === null || v === undefined || (typeof v === "number" && !isFinite(v))) return "n.d.";
    if (!FORMATS[decimals]) {
      FORMATS[decimals] = new Intl.NumberFormat("fr-FR", {minimumFractionDigits: decimals, maximumFractionDigits: decimals});
    }
    return FORMATS[decimals].format(v);
  }

  function rgba(hex, alpha) {
    var h = hex.replace("#", "");
    return "rgba(" + parseInt(h.substr(0, 2), 16) + "," + parseInt(h.substr(2, 2), 16) + "," +
      parseInt(h.substr(4, 2), 16) + "," + alpha + ")";
  }

  /* a legend swatch painted as the map paints the polygon: colour at the fill opacity over the background */
  function swatch(item, P) {
    var css = item.css;
    if (!css) {
      css = "background:linear-gradient(" + rgba(item.color, P.fill_opacity) + "," + rgba(item.color, P.fill_opacity) +
        ")," + P.background;
    }
    return '<i class="am-swatch' + (item.shape ? " am-" + item.shape : "") + '" style="' + css + '"></i>';
  }

  function control(position, className, html) {
    var Ctl = L.Control.extend({
      onAdd: function () {
        var div = L.DomUtil.create("div", className);
        div.innerHTML = html;
        L.DomEvent.disableClickPropagation(div);
        L.DomEvent.disableScrollPropagation(div);
        return div;
      }
    });
    return new Ctl({position: position});
  }

  function decodeEntities(s) {
    var ta = document.createElement("textarea");
    ta.innerHTML = s;
    return ta.value;
  }

  function norm(s) {
    return s.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase().replace(/[\u2019']/g, " ");
  }

  function cell(T, row, i) {
    var v = T[row.col] ? T[row.col][i] : null;
    if (v === null || v === undefined) return row.missing || "—";
    if (row.decimals === undefined || row.decimals === null) return v;
    return fmt(v, row.decimals) + (row.unit ? "\u00a0" + row.unit : "");
  }

  /* text columns may come dictionary-encoded: {dict: [...], idx: [...]} (-1 = missing) */
  function expand(table) {
    var out = {};
    Object.keys(table).forEach(function (col) {
      var c = table[col];
      out[col] = (c && c.dict) ? c.idx.map(function (j) { return j < 0 ? null : c.dict[j]; }) : c;
    });
    return out;
  }

  function render(map, P) {
    var topo = decodeTopology(P.topology, "areas");
    var geometries = topo.objects.areas.geometries;
    var fc = topojson.feature(topo, topo.objects.areas);
    var T = expand(P.table), n = fc.features.length;
    var renderer = P.canvas ? L.canvas({padding: 0.5}) : L.svg({padding: 0.5});
    var state = {view: P.views[0]};
    var head = function (i) { return "<b>" + T.nom[i] + "</b> (" + T.code[i] + ")"; };

    /* many small communes (national map): no outline until one zooms in, or the borders blacken the map */
    var outlined = function () { return !P.canvas || map.getZoom() >= 9; };
    function styleOf(f) {
      var v = state.view, c = v.classes[f.id];
      return {fillColor: c >= 0 ? v.colors[c] : P.missing_color, fillOpacity: P.fill_opacity,
              color: P.line_color, weight: outlined() ? P.line_weight : 0, opacity: 0.8, stroke: outlined()};
    }
    var base = L.geoJSON(fc, {style: styleOf, renderer: renderer}).addTo(map);
    var wasOutlined = outlined();
    map.on("zoomend", function () {
      if (outlined() !== wasOutlined) { wasOutlined = outlined(); base.setStyle(styleOf); }
    });
    var byId = {};
    base.eachLayer(function (l) { byId[l.feature.id] = l; });

    function tip(i) {
      var v = state.view, c = v.classes[i], line;
      if (v.values) {
        line = v.value_label + " : " + (v.values[i] === null ? v.missing_label : fmt(v.values[i], v.decimals) +
          (v.unit_short ? "\u00a0" + v.unit_short : ""));
      } else {
        line = v.value_label + " : " + (c >= 0 ? v.labels[c] : v.missing_label);
      }
      return head(i) + "<br>" + line + (P.tip_extra && T[P.tip_extra][i] ? "<br>" + T[P.tip_extra][i] : "");
    }
    base.bindTooltip(function (layer) { return tip(layer.feature.id); }, {sticky: true, className: "am-tooltip"});

    function popupHtml(i) {
      var rows = P.popup.filter(function (row) {
        var v = T[row.col] ? T[row.col][i] : null;
        return !(row.optional && (v === null || v === undefined));
      }).map(function (row) {
        return "<tr><th>" + row.label + "</th><td>" + cell(T, row, i) + "</td></tr>";
      }).join("");
      return '<div class="am-popup">' + head(i) + '<table>' + rows + "</table></div>";
    }
    function openPopup(i, latlng) {
      /* as tall as the map allows (the last rows, CPTS and nearest MSP, must not hide below a scroll
         bar); a scroll bar only on a small screen */
      var room = Math.max(200, map.getSize().y - 140);
      L.popup({maxWidth: 420, maxHeight: room, className: "am-popup-box"}).setLatLng(latlng).setContent(popupHtml(i)).openOn(map);
    }
    base.on("click", function (e) { openPopup(e.layer.feature.id, e.latlng); });

    /* title, legend, source */
    var title = control("topleft", "am-box am-title", "");
    title.addTo(map);
    var legend = control("bottomright", "am-box am-legend", "");
    legend.addTo(map);
    var activeOverlays = [];
    function updateTitle() {
      var v = state.view;
      title.getContainer().innerHTML = "<h1>" + v.title + "</h1>" + (v.subtitle ? "<p>" + v.subtitle + "</p>" : "");
    }
    function updateLegend() {
      var v = state.view, L_ = v.legend;
      var html = '<div class="am-legend-title">' + L_.title + "</div>";
      if (L_.unit) html += '<div class="am-unit">' + L_.unit + "</div>";
      html += L_.items.map(function (it) { return "<div>" + swatch(it, P) + it.label + "</div>"; }).join("");
      if (L_.reference) html += '<div class="am-reference">' + L_.reference + "</div>";
      if (L_.note) html += '<div class="am-note">' + L_.note + "</div>";
      var extra = [];
      activeOverlays.forEach(function (o) { (o.legend || []).forEach(function (it) { extra.push(it); }); });
      if (extra.length) {
        html += '<div class="am-legend-sub">Autres couches</div>';
        html += extra.map(function (it) { return "<div>" + swatch(it, P) + it.label + "</div>"; }).join("");
      }
      legend.getContainer().innerHTML = html;
    }
    var meta = P.meta, foot = [];
    if (meta.caption) foot.push("<b>" + meta.caption + "</b>");
    if (meta.source) foot.push("Source : " + meta.source);
    if (P.insets_note) foot.push(P.insets_note);
    if (meta.date) foot.push("Carte produite le " + meta.date + (meta.producer ? " — " + meta.producer : ""));
    if (foot.length) control("bottomleft", "am-box am-source", foot.join("<br>")).addTo(map);

    /* overseas departments drawn in frames beside metropolitan France (national maps) */
    var insetLayer = L.layerGroup();
    (P.insets || []).forEach(function (f) {
      L.rectangle(f.bounds, {color: "#6f6f6f", weight: 1, fill: false, interactive: false, renderer: renderer})
        .addTo(insetLayer);
      L.marker([f.bounds[1][0], f.bounds[0][1]], {interactive: false, keyboard: false,
        icon: L.divIcon({className: "am-inset-name", html: f.name, iconSize: null, iconAnchor: [-3, -2]})})
        .addTo(insetLayer);
    });
    if ((P.insets || []).length) insetLayer.addTo(map);

    /* overlays derived from the same arcs */
    function overlay(o) {
      if (o.kind === "mesh") {
        var g = T[o.col];
        var mesh = topojson.mesh(topo, topo.objects.areas, function (a, b) {
          return a !== b ? g[a.id] !== g[b.id] : !!o.outline;
        });
        return L.geoJSON(mesh, {style: o.style, interactive: false, renderer: renderer});
      }
      if (o.kind === "merge") {
        return L.featureGroup(o.groups.map(function (grp) {
          var shape = topojson.merge(topo, grp.members.map(function (i) { return geometries[i]; }));
          return L.geoJSON(shape, {style: grp.style, interactive: false, renderer: renderer});
        }));
      }
      if (o.kind === "subset") {
        var feats = o.members.map(function (i) { return fc.features[i]; });
        return L.geoJSON({type: "FeatureCollection", features: feats}, {style: o.style, interactive: false});
      }
      if (o.kind === "points") {
        return L.featureGroup(o.points.map(function (p) {
          var cat = o.categories[p[2]];
          var m = L.circleMarker([p[0], p[1]], {radius: o.radius || 6, color: "#ffffff", weight: 1.5,
            fillColor: cat.color, fillOpacity: 1, renderer: renderer});
          if (p[3]) m.bindTooltip(p[3]);
          if (p[4]) m.bindPopup(p[4], {maxWidth: 360});
          return m;
        }));
      }
      if (o.kind === "labels") {
        /* labels come in priority order (préfectures, then by population): at each zoom, a label is drawn
           only where it overlaps no label placed before it */
        var group = L.layerGroup(), items = [];
        o.points.forEach(function (p) {
          var dot = L.circleMarker([p[0], p[1]], {radius: p[4] ? 3.5 : 2.5, color: "#222", weight: 1,
            fillColor: p[4] ? "#222" : "#fff", fillOpacity: 1, interactive: false, renderer: renderer});
          dot.bindTooltip(p[2], {permanent: true, direction: "right", className: "am-label" + (p[4] ? " am-prefecture" : ""),
            offset: [4, 0], interactive: false});
          items.push({marker: dot, minZoom: p[3]});
        });
        var labelBox = function (marker) {
          var t = marker.getTooltip(), el = t && t.getElement();
          if (!el) return null;
          var r = el.getBoundingClientRect(), m = map.getContainer().getBoundingClientRect();
          var c = map.latLngToContainerPoint(marker.getLatLng()), x = m.left + c.x, y = m.top + c.y;
          return {l: Math.min(r.left, x - 4) - 1, t: Math.min(r.top, y - 4) - 1,
                  r: Math.max(r.right, x + 4) + 1, b: Math.max(r.bottom, y + 4) + 1};
        };
        var overlap = function (a, b) { return a.l < b.r && b.l < a.r && a.t < b.b && b.t < a.b; };
        var sync = function () {
          if (!map.hasLayer(group)) return;
          var z = map.getZoom(), wanted = [];
          items.forEach(function (it) {
            var on = z >= it.minZoom;
            if (on) { if (!group.hasLayer(it.marker)) group.addLayer(it.marker); wanted.push(it); }
            else if (group.hasLayer(it.marker)) group.removeLayer(it.marker);
          });
          var boxes = wanted.map(function (it) { return labelBox(it.marker); }), placed = [];
          wanted.forEach(function (it, k) {
            var box = boxes[k];
            if (box && placed.some(function (b) { return overlap(b, box); })) group.removeLayer(it.marker);
            else if (box) placed.push(box);
          });
        };
        map.on("zoomend", sync);
        group.on("add", sync);
        return group;
      }
      return null;
    }
    var baseLayers = {}, overlays = {}, byLayer = [];
    P.views.forEach(function (v) { v._handle = L.layerGroup(); baseLayers[v.name] = v._handle; });
    (P.overlays || []).forEach(function (o) {
      var layer = overlay(o);
      if (!layer) return;
      overlays[o.name] = layer;
      byLayer.push([layer, o]);
      if (o.show) { layer.addTo(map); activeOverlays.push(o); }
    });
    state.view._handle.addTo(map);
    L.control.layers(baseLayers, overlays, {collapsed: false, position: "topright"}).addTo(map);
    map.on("baselayerchange", function (e) {
      P.views.forEach(function (v) { if (v._handle === e.layer) state.view = v; });
      base.setStyle(styleOf);
      updateTitle(); updateLegend();
    });
    map.on("overlayadd overlayremove", function () {
      activeOverlays = byLayer.filter(function (x) { return map.hasLayer(x[0]); }).map(function (x) { return x[1]; });
      updateLegend();
    });
    updateTitle(); updateLegend();
    base.bringToBack();

    /* commune search (offline): name or code, accents and case ignored */
    if (P.search) {
      var keys = null;
      var search = control("topright", "am-box am-search",
        '<input type="search" placeholder="Rechercher une commune" aria-label="Rechercher une commune">' +
        '<div class="am-results"></div>');
      search.addTo(map);
      var box = search.getContainer(), input = box.querySelector("input"), results = box.querySelector(".am-results");
      var hits = [];
      var select = function (i) {
        var layer = byId[i];
        map.fitBounds(layer.getBounds(), {maxZoom: 12});
        openPopup(i, L.latLng(P.points[i][0], P.points[i][1]));
        results.innerHTML = "";
      };
      input.addEventListener("input", function () {
        if (keys === null) keys = T.nom.map(function (s) { return norm(decodeEntities(s)); });
        var q = norm(input.value.trim());
        results.innerHTML = "";
        hits = [];
        if (q.length < 2) return;
        for (var i = 0; i < n && hits.length < 8; i++) {
          if (keys[i].indexOf(q) === 0 || keys[i].indexOf(" " + q) >= 0 || keys[i].indexOf("-" + q) >= 0 ||
              T.code[i].indexOf(q) === 0) hits.push(i);
        }
        if (!hits.length) { results.innerHTML = "<em>Aucune commune trouvée</em>"; return; }
        hits.forEach(function (i) {
          var b = L.DomUtil.create("button", "am-hit", results);
          b.type = "button";
          b.innerHTML = T.nom[i] + " (" + T.code[i] + ")";
          b.addEventListener("click", function (e) { L.DomEvent.stop(e); select(i); });
        });
      });
      input.addEventListener("keydown", function (e) { if (e.key === "Enter" && hits.length) { L.DomEvent.stop(e); select(hits[0]); } });
    }

    /* basemap tiles that cannot load (offline): say so once, on the map */
    var warned = false;
    map.eachLayer(function (l) {
      if (l instanceof L.TileLayer) {
        l.on("tileerror", function () {
          if (warned) return;
          warned = true;
          control("bottomleft", "am-box am-offline",
            "Fond de carte OpenStreetMap indisponible (pas d'accès au réseau) : la carte reste utilisable sans fond.").addTo(map);
        });
      }
    });
    return {base: base, views: P.views, overlays: overlays, state: state, openPopup: openPopup, points: P.points,
            insets: insetLayer};
  }

  window.AccessMap = {render: render, decodeTopology: decodeTopology, fmt: fmt};
})();
