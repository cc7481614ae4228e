/* The demo shop's own code (it is an ordinary shop page that embeds the
   widget): the widget's queue stub, so commands given before widget.js has
   loaded are kept, then products, search, cart and checkout. A file rather
   than inline code, so the page runs under cxloop's strict policy, as a
   shop's page with a strict policy of its own would. */
window.cxloop = window.cxloop || function () { (window.cxloop.q = window.cxloop.q || []).push(arguments); };
(function () {
  var products = [  // [sku, tile colour, name, price, description]
    ['SHOVEL-1', '#5e8fa8', 'Lumelabidas', 24.9, 'Kerge alumiiniumlabidas, 130 cm.'],
    ['SOCKS-2', '#b07a5a', 'Villased sokid', 12.5, 'Eesti lambavillast, suurused 36–46.'],
    ['FLASK-1', '#6f8265', 'Termos 1 l', 19.0, 'Hoiab jooki kuumana 12 tundi.'],
    ['SLED-1', '#a45f2b', 'Puukelk', 89.0, 'Kasepuust kelk kahele lapsele.'],
    ['WAX-3', '#c9a43c', 'Suusamääre', 14.9, 'Sobib temperatuurile −12…−2 °C.'],
    ['BOOTS-4', '#4f3f33', 'Talvesaapad', 79.0, 'Veekindlad, soojendusega talla­vooder.'],
    ['GLOVES-2', '#9b4a4a', 'Villased kindad', 16.0, 'Kolmesõrmekindad, käsitöö.'],
    ['CANDLE-1', '#d4b35c', 'Mesilasvahaküünal', 7.5, 'Põleb 20 tundi, kohalik mesila.']
  ];
  var cart = [];
  function money(value) { return value.toFixed(2).replace('.', ',') + ' €'; }
  function show(list) {
    var ul = document.getElementById('products');
    ul.textContent = '';
    list.forEach(function (p) {
      var li = document.createElement('li');
      var tile = document.createElement('div'); tile.className = 'tile'; tile.style.background = p[1]; tile.textContent = p[2].charAt(0);
      var name = document.createElement('strong'); name.textContent = p[2];
      var price = document.createElement('span'); price.className = 'price'; price.textContent = money(p[3]);
      var row = document.createElement('div'); row.className = 'row';
      var view = document.createElement('button'); view.type = 'button'; view.className = 'secondary'; view.textContent = 'Vaata';
      var add = document.createElement('button'); add.type = 'button'; add.className = 'primary'; add.textContent = 'Lisa korvi';
      view.addEventListener('click', function () { openProduct(p); });
      add.addEventListener('click', function () { addToCart(p); });
      row.append(view, add);
      li.append(tile, name, price, row);
      ul.appendChild(li);
    });
  }
  function openProduct(p) {
    var detail = document.getElementById('detail');
    detail.hidden = false;
    detail.textContent = '';
    var h = document.createElement('h2'); h.textContent = p[2] + ' · ' + money(p[3]);
    var d = document.createElement('p'); d.textContent = p[4];
    detail.append(h, d);
    cxloop('track', 'product_viewed', { sku: p[0], name: p[2] });
  }
  function addToCart(p) {
    cart.push(p);
    var total = cart.reduce(function (sum, item) { return sum + item[3]; }, 0);
    document.getElementById('cart-lines').textContent =
      cart.map(function (item) { return item[2]; }).join(', ') + ' — kokku ' + money(total);
    cxloop('track', 'cart_added', { sku: p[0], price: p[3] });
  }
  show(products);
  cxloop('page');

  document.getElementById('search').addEventListener('submit', function (event) {
    event.preventDefault();
    var query = document.getElementById('query').value.trim();
    var words = query.toLowerCase().split(/\s+/).filter(Boolean);
    var found = products.filter(function (p) {
      return words.some(function (w) { return p[2].toLowerCase().indexOf(w) >= 0; });
    });
    document.getElementById('status').textContent =
      found.length + ' tulemus' + (found.length === 1 ? '' : 't') + ' päringule „' + query + '“';
    show(found);
    cxloop('track', 'search', { query: query, results: found.length });
  });
  document.getElementById('checkout').addEventListener('click', function () {
    cxloop('track', 'checkout_started', { items: cart.length });
  });
  document.getElementById('abandon').addEventListener('click', function () {
    cxloop('track', 'checkout_abandoned', { items: cart.length });
  });
  document.getElementById('login').addEventListener('click', function () {
    cxloop('identify', { email: 'mari.maasikas@example.ee', locale: 'et' });
    document.getElementById('greeting').textContent = 'Tere, Mari!';
    this.hidden = true;
  });
})();
