// Cost at your own traffic: recomputes every route's monthly cost from the exact prices embedded in
// the page. Exact decimal arithmetic on BigInt (a value is n / 10^k), rounded and shown exactly as
// versus's Python does (generator/display.py usd), so the page and `versus facts` agree to the cent.
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("calculator-data").textContent);
  var form = document.getElementById("calculator");
  var SCALES = { "": 1n, k: 1000n, m: 1000000n, b: 1000000000n };

  function decimal(text) {
    var parts = text.split(".");
    var fraction = parts[1] || "";
    return { n: BigInt(parts[0] + fraction), k: fraction.length };
  }

  function pow10(exponent) {
    return 10n ** BigInt(exponent);
  }

  // (input tokens x input price + output tokens x output price) / 1M, exactly.
  function monthlyCost(route, inputTokens, outputTokens) {
    var input = decimal(route.input), output = decimal(route.output);
    var k = Math.max(input.k, output.k);
    var n = inputTokens * input.n * pow10(k - input.k) + outputTokens * output.n * pow10(k - output.k);
    return { n: n, k: k + 6 };
  }

  function difference(larger, smaller) {
    var k = Math.max(larger.k, smaller.k);
    return { n: larger.n * pow10(k - larger.k) - smaller.n * pow10(k - smaller.k), k: k };
  }

  function compare(x, y) {
    var d = difference(x, y).n;
    return d > 0n ? 1 : d < 0n ? -1 : 0;
  }

  // Round half up to `places` decimals (values are never negative): the count of 10^-places units.
  function quantize(value, places) {
    if (places >= value.k) return value.n * pow10(places - value.k);
    var unit = pow10(value.k - places);
    var whole = value.n / unit, rest = value.n % unit;
    return 2n * rest >= unit ? whole + 1n : whole;
  }

  // Python's str(Decimal) of a count of 10^-places units: plain, or scientific below 1E-6.
  function decimalString(units, places) {
    var digits = units.toString();
    var adjusted = digits.length - 1 - places;
    if (adjusted < -6) {
      return digits[0] + (digits.length > 1 ? "." + digits.slice(1) : "") + "E" + adjusted;
    }
    var padded = digits.padStart(places + 1, "0");
    return places ? padded.slice(0, -places) + "." + padded.slice(-places) : padded;
  }

  function usd(value) {
    var belowACent = value.n !== 0n && value.n * 100n < pow10(value.k);
    if (belowACent) {
      var adjusted = value.n.toString().length - 1 - value.k;
      return "$" + decimalString(quantize(value, -adjusted + 1), -adjusted + 1);
    }
    var cents = quantize(value, 2).toString().padStart(3, "0");
    var dollars = cents.slice(0, -2).replace(/\B(?=(\d{3})+(?!\d))/g, ",");
    return "$" + dollars + "." + cents.slice(-2);
  }

  // "800000000", "800,000,000", "800M", "1.5B": a whole number of tokens, else null.
  function tokens(text) {
    var match = /^(\d+)(?:\.(\d+))?([kmb]?)$/i.exec(text.replace(/[\s,_]/g, ""));
    if (!match) return null;
    var fraction = match[2] || "";
    var scaled = BigInt(match[1] + fraction) * SCALES[match[3].toLowerCase()];
    var divisor = pow10(fraction.length);
    return scaled % divisor === 0n ? scaled / divisor : null;
  }

  function recompute(inputTokens, outputTokens) {
    var cheapest = {};
    data.models.forEach(function (model) {
      model.routes.forEach(function (route) {
        var cost = monthlyCost(route, inputTokens, outputTokens);
        var cell = form.querySelector('[data-calc-route="' + model.id + ".route." + route.provider_id + '"]');
        if (cell) cell.textContent = usd(cost);
        if (route.provider_id === model.cheapest) cheapest[model.id] = cost;
      });
      var summary = form.querySelector('[data-calc-cheapest="' + model.id + '"]');
      if (summary) summary.textContent = cheapest[model.id] ? usd(cheapest[model.id]) : "Unavailable";
    });
    var gap = document.getElementById("calc-gap");
    var a = data.models[0], b = data.models[1];
    if (!(cheapest[a.id] && cheapest[b.id])) {
      gap.textContent = "";
      return;
    }
    var order = compare(cheapest[a.id], cheapest[b.id]);
    if (order === 0) {
      gap.textContent = "Both cost the same at this traffic.";
      return;
    }
    // Ties in the Python comparison go to the model id that sorts first; here there is no tie left.
    var cheaper = order < 0 ? a : b, dearer = order < 0 ? b : a;
    gap.textContent = cheaper.name + " costs " + usd(difference(cheapest[dearer.id], cheapest[cheaper.id])) + " less a month at this traffic.";
  }

  function submit(event) {
    if (event) event.preventDefault();
    var inputTokens = tokens(document.getElementById("calc-input").value);
    var outputTokens = tokens(document.getElementById("calc-output").value);
    var error = document.getElementById("calc-error");
    if (inputTokens === null || outputTokens === null) {
      error.textContent = "Enter whole numbers of tokens, for example 800000000 or 800M.";
      return;
    }
    error.textContent = "";
    recompute(inputTokens, outputTokens);
  }

  form.hidden = false;
  form.addEventListener("submit", submit);
  submit();
})();
