// The accessibility probe: run in the page by qianniu/tests/test_accessibility.py. It reads the DOM as the
// browser laid it out, with no selector of ours, so it holds for pages added later. Returns the violations:
//   contrast  a visible text (or a form field's value) whose colour has a contrast ratio under 4.5:1 with the
//             background it is painted on (3:1 for large text: ≥ 24px, or ≥ 18.66px bold; WCAG 2.1 1.4.3)
//   size      a visible text under 14px (18px in 长辈版)
//   target    a link, button, field, summary or checkbox/radio label under 44×44px (60×60px in 长辈版);
//             WCAG 2.5.5's inline exception, narrowly: a link displayed inline in a block that has at least as
//             much text of its own outside the link (a link in a sentence)
//   keypad    a phone field that does not bring up the numeric keypad
//   wrap      a text in a table broken one character a line (a column squeezed too narrow)
//   overflow  the page scrolls sideways; in 长辈版 a table or other box that scrolls sideways (a column cut)
// Text of a disabled control is exempt from contrast (WCAG 1.4.3: part of an inactive component).
(elder) => {
  "use strict";
  const MIN_TEXT = elder ? 18 : 14;
  const MIN_TARGET = elder ? 60 : 44;
  const EPSILON = 0.5; // sub-pixel rounding of the layout
  const found = [];

  function selectorOf(element) {
    const parts = [];
    for (let node = element; node && node.nodeType === 1 && parts.length < 5; node = node.parentElement) {
      let part = node.tagName.toLowerCase();
      if (node.id) {
        parts.unshift(part + "#" + node.id);
        break;
      }
      const classes = Array.from(node.classList).slice(0, 2);
      if (classes.length) part += "." + classes.join(".");
      const parent = node.parentElement;
      if (parent) {
        const same = Array.from(parent.children).filter((c) => c.tagName === node.tagName);
        if (same.length > 1) part += ":nth-of-type(" + (same.indexOf(node) + 1) + ")";
      }
      parts.unshift(part);
    }
    return parts.join(" > ");
  }

  function parseColour(value) {
    const m = value.match(/rgba?\(([^)]+)\)/);
    if (!m) return null; // color(...) or a keyword the browser did not resolve
    const p = m[1].split(/[\s,/]+/).filter(Boolean).map(parseFloat);
    return { r: p[0], g: p[1], b: p[2], a: p.length > 3 ? p[3] : 1 };
  }

  function over(top, bottom) {
    // top composited over an opaque bottom
    const a = top.a;
    return { r: top.r * a + bottom.r * (1 - a), g: top.g * a + bottom.g * (1 - a), b: top.b * a + bottom.b * (1 - a), a: 1 };
  }

  function luminance(c) {
    const channel = (v) => {
      v /= 255;
      return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4);
    };
    return 0.2126 * channel(c.r) + 0.7152 * channel(c.g) + 0.0722 * channel(c.b);
  }

  function ratio(a, b) {
    const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
    return (hi + 0.05) / (lo + 0.05);
  }

  // The background an element is painted on: its own and its ancestors' background colours, composited from the
  // page's white upwards. Opacity of ancestors fades the text towards what is behind them.
  const backgrounds = new Map();
  function backgroundOf(element) {
    if (backgrounds.has(element)) return backgrounds.get(element);
    const layers = [];
    let opacity = 1;
    for (let node = element; node && node.nodeType === 1; node = node.parentElement) {
      const style = getComputedStyle(node);
      opacity *= parseFloat(style.opacity);
      const colour = parseColour(style.backgroundColor);
      if (colour && colour.a > 0) {
        layers.push(colour);
        if (colour.a >= 1) break;
      }
    }
    let background = { r: 255, g: 255, b: 255, a: 1 };
    for (let i = layers.length - 1; i >= 0; i--) background = over(layers[i], background);
    backgrounds.set(element, { background, opacity });
    return { background, opacity };
  }

  const clipped = new Map();
  function hiddenByClip(element) {
    if (!element || element.nodeType !== 1) return false;
    if (clipped.has(element)) return clipped.get(element);
    const style = getComputedStyle(element);
    const hidden =
      style.clip === "rect(0px, 0px, 0px, 0px)" ||
      style.clipPath === "inset(50%)" ||
      (style.overflow === "hidden" && element.getBoundingClientRect().width <= 1) ||
      hiddenByClip(element.parentElement);
    clipped.set(element, hidden);
    return hidden;
  }

  function visible(element) {
    if (!element.checkVisibility({ checkOpacity: true, checkVisibilityCSS: true })) return false;
    const rect = element.getBoundingClientRect();
    if (rect.width < 1 || rect.height < 1) return false;
    return !hiddenByClip(element);
  }

  function checkText(element, text) {
    const style = getComputedStyle(element);
    const size = parseFloat(style.fontSize);
    const sample = text.trim().slice(0, 20);
    if (size + 0.01 < MIN_TEXT) {
      found.push({ kind: "size", selector: selectorOf(element), text: sample, figure: size, limit: MIN_TEXT });
    }
    const colour = parseColour(style.color);
    if (!colour || element.closest(":disabled, [aria-disabled=true]")) return;
    const { background, opacity } = backgroundOf(element);
    const painted = over({ ...colour, a: colour.a * opacity }, background);
    const contrast = ratio(painted, background);
    const bold = parseInt(style.fontWeight, 10) >= 700;
    const large = size >= 24 || (bold && size >= 18.66);
    const limit = large ? 3 : 4.5;
    if (contrast + 0.005 < limit) {
      found.push({
        kind: "contrast",
        selector: selectorOf(element),
        text: sample,
        figure: Math.round(contrast * 100) / 100,
        limit,
        colours: style.color + " on " + `rgb(${Math.round(background.r)}, ${Math.round(background.g)}, ${Math.round(background.b)})`,
      });
    }
  }

  // Text: every visible text node, judged once per element that holds it.
  const judged = new Set();
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    if (!node.nodeValue.trim()) continue;
    const element = node.parentElement;
    if (!element || judged.has(element)) continue;
    if (element.closest("script, style, noscript, template, option, select, title")) continue;
    judged.add(element);
    const range = document.createRange();
    range.selectNodeContents(node);
    const rect = range.getBoundingClientRect();
    if (rect.width < 1 || rect.height < 1 || !visible(element)) continue;
    checkText(element, node.nodeValue);
    const letters = node.nodeValue.replace(/\s+/g, "").length;
    if (letters >= 2 && element.closest("td, th")) {
      const lines = new Set(Array.from(range.getClientRects()).map((r) => Math.round(r.top))).size;
      if (lines >= 2 && lines >= letters) {
        found.push({ kind: "wrap", selector: selectorOf(element), text: node.nodeValue.trim().slice(0, 20), figure: lines + " lines", limit: "1 line a word" });
      }
    }
  }
  if (document.documentElement.scrollWidth > window.innerWidth + 1) {
    found.push({ kind: "overflow", selector: "html", text: "", figure: document.documentElement.scrollWidth + "px", limit: window.innerWidth + "px" });
  }
  if (elder) {
    for (const box of document.querySelectorAll("main *")) {
      const overflowX = getComputedStyle(box).overflowX;
      if ((overflowX === "auto" || overflowX === "scroll") && box.scrollWidth > box.clientWidth + 1 && visible(box)) {
        found.push({ kind: "overflow", selector: selectorOf(box), text: "", figure: box.scrollWidth + "px", limit: box.clientWidth + "px" });
      }
    }
  }
  // Form fields show their value as text too.
  for (const field of document.querySelectorAll("input, select, textarea")) {
    if (["hidden", "checkbox", "radio", "submit", "button", "image", "file", "range", "color"].includes(field.type)) continue;
    if (!visible(field)) continue;
    const value = field.tagName === "SELECT" ? (field.selectedOptions[0] || {}).text || "" : field.value;
    if (value.trim()) checkText(field, value);
  }

  // Touch targets.
  function blockOf(element) {
    for (let node = element.parentElement; node; node = node.parentElement) {
      if (!getComputedStyle(node).display.startsWith("inline")) return node;
    }
    return document.body;
  }

  function inlineInText(link) {
    if (link.tagName !== "A" || getComputedStyle(link).display !== "inline") return false;
    const block = blockOf(link);
    const own = link.textContent.trim().length;
    const all = block.textContent.replace(/\s+/g, "").length;
    return all - own >= Math.max(own, 4);
  }

  function tooSmall(element, kind) {
    const rect = element.getBoundingClientRect();
    if (rect.width + EPSILON >= MIN_TARGET && rect.height + EPSILON >= MIN_TARGET) return;
    found.push({
      kind: "target",
      selector: selectorOf(element),
      text: (element.textContent || element.value || element.getAttribute("aria-label") || "").trim().slice(0, 20),
      figure: `${Math.round(rect.width)}×${Math.round(rect.height)}`,
      limit: MIN_TARGET,
      what: kind,
    });
  }

  const targets = document.querySelectorAll(
    "a[href], button, input:not([type=hidden]), select, textarea, summary, label"
  );
  for (const element of targets) {
    if (!visible(element)) continue;
    const tag = element.tagName.toLowerCase();
    if (tag === "label") {
      const control = element.control;
      if (control && (control.type === "checkbox" || control.type === "radio")) tooSmall(element, "label");
      continue;
    }
    if (tag === "input" && (element.type === "checkbox" || element.type === "radio")) {
      // The label is the hit area of a checkbox that has a visible one; it is measured as a label.
      if (Array.from(element.labels || []).some((label) => visible(label))) continue;
    }
    if (tag === "a" && inlineInText(element)) continue;
    tooSmall(element, tag);
  }

  // Phone fields bring up the numeric keypad.
  for (const field of document.querySelectorAll("input")) {
    if (!/(^|_)(phone|mobile|telephone)$/i.test(field.name || "") || field.type === "hidden") continue;
    if (field.type !== "tel" && field.inputMode !== "numeric" && field.inputMode !== "tel") {
      found.push({ kind: "keypad", selector: selectorOf(field), text: field.name, figure: field.type, limit: "tel" });
    }
  }
  return found;
}
