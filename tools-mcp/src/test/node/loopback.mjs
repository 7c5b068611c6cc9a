// Preloaded into MCP servers the tests run over HTTP: whatever port they listen on, they listen
// on the loopback address only.
import net from "node:net";

const listen = net.Server.prototype.listen;
net.Server.prototype.listen = function (...args) {
  if (typeof args[0] === "number" || (typeof args[0] === "string" && /^\d+$/.test(args[0]))) {
    const callback = args.find((a) => typeof a === "function");
    return callback ? listen.call(this, Number(args[0]), "127.0.0.1", callback) : listen.call(this, Number(args[0]), "127.0.0.1");
  }
  return listen.apply(this, args);
};
