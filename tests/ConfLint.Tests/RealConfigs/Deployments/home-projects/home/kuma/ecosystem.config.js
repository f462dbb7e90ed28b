module.exports = {
  apps: [
    {
      name: "status",
      script: "./server/server.js",
      cwd: "/home/kuma/status",
      env: { PORT: "3001" },
    },
  ],
};
