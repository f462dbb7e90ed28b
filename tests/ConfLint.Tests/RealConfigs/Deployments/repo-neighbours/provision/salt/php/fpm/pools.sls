include:
  - php.fpm.service

{% for pool, settings in salt['pillar.get']('php:fpm:pools', {}).items() %}
php_fpm_pool_{{ pool }}:
  file.managed:
    - name: /etc/php/fpm/pool.d/{{ pool }}.conf
{% endfor %}
